import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "update", description: "Update configuration of one or more containers (the restart policy so far)" },
  args: {
    restart: { type: "string", description: "Restart policy to apply when a container exits (no, always, unless-stopped, on-failure[:N])", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker update' requires at least 1 argument");
    if (args.restart === undefined) throw new UsageError("you must provide one or more flags when using this command");
    const [name = "no", retries] = String(args.restart).split(":");
    const body = { RestartPolicy: { Name: name, MaximumRetryCount: retries ? Number(retries) : 0 } };
    const client = await connectDaemon((data as CliData).globals);
    let failed = 0;
    for (const ref of names) {
      try {
        await client.json("POST", `/containers/${encodeURIComponent(ref)}/update`, { body });
        console.log(ref);
      } catch (err) {
        console.error(`Error response from daemon: ${messageOf(err)}`);
        failed++;
      }
    }
    return failed ? 1 : 0;
  },
});
