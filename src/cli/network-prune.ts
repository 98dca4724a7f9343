import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { confirm } from "./confirm.ts";
import { flagValues } from "./scan-flags.ts";

const args = {
  force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
  filter: { type: "string", description: "Provide filter values (e.g. 'label=<key>=<value>') (repeatable)", valueHint: "filter" },
} as const;

export default command({
  meta: { name: "prune", description: "Remove all unused networks" },
  args,
  async run({ args: a, rawArgs, data }) {
    if (!a.force && !(await confirm("WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?"))) return 0;
    const filters: Record<string, string[]> = {};
    for (const f of flagValues(rawArgs, args, "filter")) {
      const i = f.indexOf("=");
      (filters[i < 0 ? f : f.slice(0, i)] ??= []).push(i < 0 ? "" : f.slice(i + 1));
    }
    const client = await connectDaemon((data as CliData).globals);
    const r = await client.json<{ NetworksDeleted: string[] | null }>("POST", "/networks/prune", { query: { filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined } });
    const gone = r.NetworksDeleted ?? [];
    if (gone.length) console.log(["Deleted Networks:", ...gone].join("\n"));
    return 0;
  },
});
