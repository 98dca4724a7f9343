import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "rmi", description: "Remove one or more images" },
  args: { force: { type: "boolean", alias: "f", description: "Force removal of the image" } },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker rmi' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    let failed = 0;
    for (const name of names) {
      try {
        const out = await client.json<{ Untagged?: string; Deleted?: string }[]>("DELETE", `/images/${name}`, { query: { force: args.force ? 1 : undefined } });
        for (const e of out) console.log(e.Untagged ? `Untagged: ${e.Untagged}` : `Deleted: ${e.Deleted}`);
      } catch (err) {
        console.error(`Error response from daemon: ${messageOf(err)}`);
        failed++;
      }
    }
    return failed ? 1 : 0;
  },
});
