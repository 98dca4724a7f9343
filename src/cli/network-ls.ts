import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues, UsageError } from "./scan-flags.ts";
import { formatTable } from "./table.ts";

const args = {
  quiet: { type: "boolean", alias: "q", description: "Only display network IDs" },
  "no-trunc": { type: "boolean", description: "Do not truncate the output" },
  filter: { type: "string", alias: "f", description: "Provide filter values (e.g. 'driver=bridge') (repeatable)", valueHint: "filter" },
} as const;

export default command({
  meta: { name: "ls", description: "List networks", alias: "list" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters: Record<string, string[]> = {};
    for (const f of flagValues(rawArgs, args, "filter")) {
      const i = f.indexOf("=");
      if (i <= 0) throw new UsageError(`bad format of filter (expected name=value)`);
      (filters[f.slice(0, i)] ??= []).push(f.slice(i + 1));
    }
    const client = await connectDaemon((data as CliData).globals);
    const list = await client.json<{ Id: string; Name: string; Driver: string; Scope: string }[]>("GET", "/networks", { query: { filters: Object.keys(filters).length ? JSON.stringify(filters) : undefined } });
    list.sort((x, y) => x.Name.localeCompare(y.Name));
    const id = (n: { Id: string }) => (a["no-trunc"] ? n.Id : n.Id.slice(0, 12));
    if (a.quiet) for (const n of list) console.log(id(n));
    else console.log(formatTable([["NETWORK ID", "NAME", "DRIVER", "SCOPE"], ...list.map((n) => [id(n), n.Name, n.Driver, n.Scope])]));
    return 0;
  },
});
