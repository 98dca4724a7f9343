import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";

export default command({
  meta: { name: "load", description: "Load an image from a tar archive or STDIN" },
  args: {
    input: { type: "string", alias: "i", description: "Read from tar archive file, instead of STDIN", valueHint: "path" },
    quiet: { type: "boolean", alias: "q", description: "Suppress the load output" },
  },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const body = args.input ? Bun.file(args.input) : await Bun.stdin.bytes();
    const res = await client.fetch("/images/load", { method: "POST", body, headers: { "Content-Type": "application/x-tar" } });
    const text = await res.text();
    if (res.status >= 400) {
      console.error(`Error response from daemon: ${(JSON.parse(text) as { message: string }).message}`);
      return 1;
    }
    for (const line of text.split(/\r?\n/).filter(Boolean)) {
      const e = JSON.parse(line) as { stream?: string; error?: string };
      if (e.error) {
        console.error(`Error response from daemon: ${e.error}`);
        return 1;
      }
      if (!args.quiet && e.stream) process.stdout.write(e.stream);
    }
    return 0;
  },
});
