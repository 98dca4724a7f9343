import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "wait", description: "Block until one or more containers stop, then print their exit codes" },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker wait' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    let failed = 0;
    for (const name of names) {
      try {
        const r = await client.json<{ StatusCode: number }>("POST", `/containers/${encodeURIComponent(name)}/wait`);
        console.log(r.StatusCode);
      } catch (err) {
        console.error(`Error response from daemon: ${messageOf(err)}`);
        failed++;
      }
    }
    return failed ? 1 : 0;
  },
});
