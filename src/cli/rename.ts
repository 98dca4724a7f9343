import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "rename", description: "Rename a container" },
  args: {
    container: { type: "positional", description: "CONTAINER" },
    name: { type: "positional", description: "NEW_NAME" },
  },
  async run({ args, data }) {
    if (!args.container || !args.name) throw new UsageError("'bunker rename' requires exactly 2 arguments");
    const client = await connectDaemon((data as CliData).globals);
    await client.request("POST", `/containers/${encodeURIComponent(args.container)}/rename`, { query: { name: args.name } });
    return 0;
  },
});
