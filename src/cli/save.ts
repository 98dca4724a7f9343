import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "save", description: "Save one or more images to a tar archive (streamed to STDOUT by default)" },
  args: { output: { type: "string", alias: "o", description: "Write to a file, instead of STDOUT", valueHint: "path" } },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker save' requires at least 1 argument");
    if (!args.output && process.stdout.isTTY) throw new UsageError("cowardly refusing to save to a terminal. Use the -o flag or redirect");
    const client = await connectDaemon((data as CliData).globals);
    const query = new URLSearchParams(names.map((n): [string, string] => ["names", n]));
    const res = await client.request("GET", `/images/get?${query}`);
    const body = Readable.fromWeb(res.body as import("node:stream/web").ReadableStream);
    await pipeline(body, args.output ? createWriteStream(args.output) : process.stdout);
    return 0;
  },
});
