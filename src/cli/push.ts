import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";
import { followProgress } from "./pull-stream.ts";

export default command({
  meta: { name: "push", description: "Upload an image to a registry" },
  args: {
    image: { type: "positional", description: "NAME[:TAG]" },
    quiet: { type: "boolean", alias: "q", description: "Suppress verbose output" },
  },
  async run({ args, data }) {
    if (!args.image) throw new UsageError("'bunker push' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const colon = args.image.lastIndexOf(":");
    const hasTag = colon > args.image.lastIndexOf("/");
    const name = hasTag ? args.image.slice(0, colon) : args.image;
    const res = await client.request("POST", `/images/${name}/push`, { query: { tag: hasTag ? args.image.slice(colon + 1) : "latest" } });
    const failed = await followProgress(res, { quiet: args.quiet });
    if (failed) {
      console.error(`Error response from daemon: ${failed}`);
      return 1;
    }
    if (args.quiet) console.log(args.image);
    return 0;
  },
});
