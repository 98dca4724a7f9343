import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";
import { messageOf } from "../lib/index.ts";

export default command({
  meta: { name: "inspect", description: "Return low-level information on containers (JSON)" },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker inspect' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const found: unknown[] = [];
    let failed = 0;
    for (const name of names) {
      try {
        found.push(await client.json("GET", `/containers/${encodeURIComponent(name)}/json`));
      } catch (err) {
        console.error(`Error: ${messageOf(err)}`);
        failed++;
      }
    }
    console.log(JSON.stringify(found, null, 4));
    return failed ? 1 : 0;
  },
});
