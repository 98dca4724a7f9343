import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";
import { terminalWriter } from "./stream-io.ts";

export default command({
  meta: { name: "logs", description: "Fetch the logs of a container" },
  args: {
    container: { type: "positional", description: "Container name or id" },
    follow: { type: "boolean", alias: "f", description: "Follow log output" },
    timestamps: { type: "boolean", alias: "t", description: "Show timestamps" },
    tail: { type: "string", alias: "n", description: "Number of lines to show from the end of the logs", valueHint: "string" },
    since: { type: "string", description: "Show logs since timestamp or relative (e.g. 42m)", valueHint: "string" },
    until: { type: "string", description: "Show logs before a timestamp or relative (e.g. 42m)", valueHint: "string" },
  },
  async run({ args, data }) {
    if (!args.container) throw new UsageError("'bunker logs' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const name = encodeURIComponent(args.container);
    const info = await client.json<{ Config: { Tty: boolean } }>("GET", `/containers/${name}/json`);
    const rel = (t?: string) => {
      const m = t && /^(\d+)(s|m|h)$/.exec(t);
      return m ? String(Math.floor(Date.now() / 1000) - Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as "s" | "m" | "h"]) : t;
    };
    const res = await client.request("GET", `/containers/${name}/logs`, {
      query: { stdout: 1, stderr: 1, follow: args.follow ? 1 : undefined, timestamps: args.timestamps ? 1 : undefined, tail: args.tail, since: rel(args.since), until: rel(args.until) },
    });
    const write = terminalWriter(info.Config.Tty);
    for await (const chunk of res.body ?? []) write(Buffer.from(chunk as Uint8Array));
    return 0;
  },
});
