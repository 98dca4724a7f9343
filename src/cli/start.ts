import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { attachStartWait } from "./run.ts";
import { runFailure } from "./run-failure.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "start", description: "Start one or more stopped containers" },
  args: {
    attach: { type: "boolean", alias: "a", description: "Attach STDOUT/STDERR and forward signals" },
    interactive: { type: "boolean", alias: "i", description: "Attach container's STDIN" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker start' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    if (args.attach || args.interactive) {
      if (names.length > 1) throw new UsageError("you cannot start and attach multiple containers at once");
      const info = await client.json<{ Id: string; Config: { Tty: boolean } }>("GET", `/containers/${encodeURIComponent(names[0]!)}/json`);
      return attachStartWait(client, info.Id, { tty: info.Config.Tty, stdin: !!args.interactive });
    }
    let failed = 0;
    for (const name of names) {
      try {
        await client.request("POST", `/containers/${encodeURIComponent(name)}/start`);
        console.log(name);
      } catch (err) {
        console.error(runFailure(err).message);
        failed++;
      }
    }
    return failed ? 1 : 0;
  },
});
