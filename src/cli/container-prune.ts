import { command, type CliData } from "./command.ts";
import { confirm } from "./confirm.ts";
import { connectDaemon } from "./connect.ts";
import { filtersQuery } from "./filter-flag.ts";
import { pruneContainers, reclaimedLine } from "./prune-steps.ts";

const args = {
  force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
  filter: { type: "string", description: "Provide filter values (e.g. 'until=<timestamp>')", valueHint: "filter" },
} as const;

export default command({
  meta: { name: "prune", description: "Remove all stopped containers" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters = filtersQuery(rawArgs, args);
    if (!a.force && !(await confirm("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?"))) return 0;
    const client = await connectDaemon((data as CliData).globals);
    const r = await pruneContainers(client, filters);
    process.stdout.write(`${r.text}${reclaimedLine(r.space)}\n`);
    return 0;
  },
});
