import { command, type CliData } from "./command.ts";
import { confirm } from "./confirm.ts";
import { connectDaemon } from "./connect.ts";
import { filtersQuery } from "./filter-flag.ts";
import { RunFailure } from "./run-failure.ts";
import { pruneBuildCache, pruneContainers, pruneImages, pruneNetworks, pruneVolumes, reclaimedLine } from "./prune-steps.ts";

const args = {
  all: { type: "boolean", alias: "a", description: "Remove all unused images not just dangling ones" },
  filter: { type: "string", description: "Provide filter values (e.g. 'label=<key>=<value>')", valueHint: "filter" },
  force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
  volumes: { type: "boolean", description: "Prune anonymous volumes" },
} as const;

/** Docker's warning: what this prune will remove. */
function warning(all: boolean, volumes: boolean): string {
  const items = [
    "all stopped containers",
    "all networks not used by at least one container",
    ...(volumes ? ["all anonymous volumes not used by at least one container"] : []),
    all ? "all images without at least one container associated to them" : "all dangling images",
    all ? "all build cache" : "unused build cache",
  ];
  return `WARNING! This will remove:\n${items.map((i) => `  - ${i}\n`).join("")}\nAre you sure you want to continue?`;
}

export default command({
  meta: { name: "prune", description: "Remove unused data" },
  args,
  async run({ args: a, rawArgs, data }) {
    const filters = filtersQuery(rawArgs, args);
    if (a.volumes && filters && "until" in JSON.parse(filters)) throw new RunFailure('ERROR: The "until" filter is not supported with "--volumes"', 1);
    if (!a.force && !(await confirm(warning(!!a.all, !!a.volumes)))) return 0;
    const client = await connectDaemon((data as CliData).globals);
    // Docker's order: containers first, so that their networks, volumes and images become unused.
    const reports = [await pruneContainers(client, filters), await pruneNetworks(client, filters)];
    if (a.volumes) reports.push(await pruneVolumes(client, filters, false));
    reports.push(await pruneImages(client, filters, !!a.all), await pruneBuildCache(client, filters, !!a.all));
    process.stdout.write(`${reports.map((r) => r.text).join("")}${reclaimedLine(reports.reduce((n, r) => n + r.space, 0))}\n`);
    return 0;
  },
});
