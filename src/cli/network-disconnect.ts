import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "disconnect", description: "Disconnect a container from a network" },
  args: {
    network: { type: "positional", required: false, description: "Network" },
    container: { type: "positional", required: false, description: "Container" },
    force: { type: "boolean", alias: "f", description: "Force the container to disconnect from a network" },
  },
  async run({ args: a, data }) {
    if (!a.network || !a.container) throw new UsageError("'bunker network disconnect' requires exactly 2 arguments");
    const client = await connectDaemon((data as CliData).globals);
    await client.request("POST", `/networks/${encodeURIComponent(a.network)}/disconnect`, { body: { Container: a.container, Force: !!a.force } });
    return 0;
  },
});
