import { command, type CliData } from "./command.ts";
import { confirm } from "./confirm.ts";
import { connectDaemon } from "./connect.ts";
import { filtersQuery } from "./filter-flag.ts";
import { pruneImages, reclaimedLine } from "./prune-steps.ts";

const args = {
  all: { type: "boolean", alias: "a", description: "Remove all unused images, not just dangling ones" },
  force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
  filter: { type: "string", description: "Provide filter values (e.g. 'until=<timestamp>')", valueHint: "filter" },
} as const;

export default command({
  meta: { name: "prune", description: "Remove unused images" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters = filtersQuery(rawArgs, args);
    const warning = a.all ? "WARNING! This will remove all images without at least one container associated to them." : "WARNING! This will remove all dangling images.";
    if (!a.force && !(await confirm(`${warning}\nAre you sure you want to continue?`))) return 0;
    const client = await connectDaemon((data as CliData).globals);
    const r = await pruneImages(client, filters, !!a.all);
    process.stdout.write(`${r.text}${reclaimedLine(r.space)}\n`);
    return 0;
  },
});
