import { createInterface } from "node:readline/promises";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";

function size(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${i === 0 ? n : n.toFixed(3).replace(/\.?0+$/, "")}${units[i]}`;
}

export default command({
  meta: { name: "prune", description: "Remove build cache" },
  args: {
    force: { type: "boolean", alias: "f", description: "Do not prompt for confirmation" },
    all: { type: "boolean", alias: "a", description: "Remove all unused build cache, not just dangling ones" },
  },
  async run({ args, data }) {
    if (!args.force) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      const answer = await rl.question("WARNING! This will remove all dangling build cache.\nAre you sure you want to continue? [y/N] ");
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) return 0;
    }
    const client = await connectDaemon((data as CliData).globals);
    const report = await client.json<{ CachesDeleted: string[] | null; SpaceReclaimed: number }>("POST", "/build/prune", { query: args.all ? { all: "1" } : {} });
    const deleted = report.CachesDeleted ?? [];
    if (deleted.length) {
      console.log("Deleted build cache objects:");
      for (const id of deleted) console.log(id.replace(/^sha256:/, ""));
      console.log("");
    }
    console.log(`Total reclaimed space: ${size(report.SpaceReclaimed)}`);
    return 0;
  },
});
