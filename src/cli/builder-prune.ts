import { command, type CliData } from "./command.ts";
import { confirm } from "./confirm.ts";
import { connectDaemon } from "./connect.ts";
import { reclaimedLine } from "./prune-steps.ts";

export default command({
  meta: { name: "prune", description: "Remove build cache" },
  args: {
    force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
    all: { type: "boolean", alias: "a", description: "Remove all unused build cache, not just dangling ones" },
  },
  async run({ args, data }) {
    if (!args.force && !(await confirm("WARNING! This will remove all dangling build cache.\nAre you sure you want to continue?"))) return 0;
    const client = await connectDaemon((data as CliData).globals);
    const report = await client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/build/prune", { query: args.all ? { all: "1" } : {} });
    const deleted = report.CachesDeleted ?? [];
    if (deleted.length) {
      console.log("Deleted build cache objects:");
      for (const id of deleted) console.log(id.replace(/^sha256:/, ""));
      console.log("");
    }
    console.log(reclaimedLine(report.SpaceReclaimed));
    return 0;
  },
});
