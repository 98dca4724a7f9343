import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { pullWithProgress } from "./pull-stream.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "pull", description: "Download an image from a registry" },
  args: {
    image: { type: "positional", description: "NAME[:TAG|@DIGEST]" },
    quiet: { type: "boolean", alias: "q", description: "Suppress verbose output" },
    platform: { type: "string", description: "Set platform if server is multi-platform capable", valueHint: "string" },
  },
  async run({ args, data }) {
    if (!args.image) throw new UsageError("'bunker pull' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const failed = await pullWithProgress(client, args.image, { platform: args.platform, quiet: args.quiet });
    if (failed) {
      console.error(`Error response from daemon: ${failed}`);
      return 1;
    }
    if (args.quiet) console.log(args.image);
    return 0;
  },
});
