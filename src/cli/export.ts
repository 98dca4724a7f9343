import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "export", description: "Export a container's filesystem as a tar archive" },
  args: {
    container: { type: "positional", description: "CONTAINER" },
    output: { type: "string", alias: "o", description: "Write to a file, instead of STDOUT", valueHint: "path" },
  },
  async run({ args, data }) {
    if (!args.container) throw new UsageError("'bunker export' requires 1 argument");
    if (!args.output && process.stdout.isTTY) throw new UsageError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    const client = await connectDaemon((data as CliData).globals);
    const res = await client.request("GET", `/containers/${encodeURIComponent(args.container)}/export`);
    const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
    await pipeline(body, args.output ? createWriteStream(args.output) : process.stdout);
    return 0;
  },
});
