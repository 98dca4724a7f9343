import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { runFailure } from "./run-failure.ts";
import { repeatedFlag, UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "commit", description: "Create a new image from a container's changes" },
  args: {
    container: { type: "positional", description: "CONTAINER" },
    reference: { type: "positional", required: false, description: "REPOSITORY[:TAG]" },
    message: { type: "string", alias: "m", description: "Commit message", valueHint: "string" },
    author: { type: "string", alias: "a", description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")', valueHint: "string" },
    change: { type: "string", alias: "c", description: "Apply Dockerfile instruction to the created image (repeatable)", valueHint: "list" },
  },
  async run({ args, rawArgs, data }) {
    if (!args.container) throw new UsageError("'bunker commit' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const ref = args.reference;
    const colon = ref ? ref.lastIndexOf(":") : -1;
    const hasTag = ref !== undefined && colon > ref.lastIndexOf("/");
    try {
      const r = await client.json<{ Id: string }>("POST", "/commit", {
        query: { container: args.container, repo: ref ? (hasTag ? ref.slice(0, colon) : ref) : undefined, tag: hasTag ? ref!.slice(colon + 1) : undefined, comment: args.message, author: args.author, changes: repeatedFlag(rawArgs, "change", "c") },
      });
      console.log(r.Id);
    } catch (err) {
      const f = runFailure(err);
      console.error(f.message);
      return 1;
    }
    return 0;
  },
});
