import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { followProgress } from "./pull-stream.ts";
import { escapeCodes } from "./terminal.ts";

export default command({
  meta: { name: "load", description: "Load an image from a tar archive or STDIN" },
  args: {
    input: { type: "string", alias: "i", description: "Read from tar archive file, instead of STDIN", valueHint: "path" },
    quiet: { type: "boolean", alias: "q", description: "Suppress the load output" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const body = args.input ? Bun.file(args.input) : await Bun.stdin.bytes();
    // As docker's CLI: layer progress only to a terminal (the daemon sends none when quiet).
    const terminal = escapeCodes(process.stdout);
    const quiet = !!args.quiet || !terminal;
    const res = await client.fetch("/images/load", { method: "POST", body, query: { quiet: quiet ? 1 : 0 }, headers: { "Content-Type": "application/x-tar" } });
    if (res.status >= 400) {
      console.error(`Error response from daemon: ${((await res.json()) as { message: string }).message}`);
      return 1;
    }
    const failed = await followProgress(res, { quiet: !!args.quiet });
    if (failed) {
      console.error(`Error response from daemon: ${failed}`);
      return 1;
    }
    return 0;
  },
});
