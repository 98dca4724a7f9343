import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "tag", description: "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE" },
  args: {
    source: { type: "positional", description: "SOURCE_IMAGE[:TAG]" },
    target: { type: "positional", description: "TARGET_IMAGE[:TAG]" },
  },
  async run({ args, data }) {
    if (!args.source || !args.target) throw new UsageError("'bunker tag' requires exactly 2 arguments");
    const client = await connectDaemon((data as CliData).globals);
    const colon = args.target.lastIndexOf(":");
    const hasTag = colon > args.target.lastIndexOf("/");
    await client.request("POST", `/images/${args.source}/tag`, { query: { repo: hasTag ? args.target.slice(0, colon) : args.target, tag: hasTag ? args.target.slice(colon + 1) : "latest" } });
    return 0;
  },
});
