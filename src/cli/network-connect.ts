import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { flagValues, UsageError } from "./scan-flags.ts";

const args = {
  network: { type: "positional", required: false, description: "Network" },
  container: { type: "positional", required: false, description: "Container" },
  alias: { type: "string", description: "Add network-scoped alias for the container (repeatable)", valueHint: "strings" },
  ip: { type: "string", description: "IPv4 address (e.g., 172.30.100.104)", valueHint: "string" },
} as const;

export default command({
  meta: { name: "connect", description: "Connect a container to a network" },
  args,
  async run({ args: a, rawArgs, data }) {
    if (!a.network || !a.container) throw new UsageError("'bunker network connect' requires exactly 2 arguments");
    const client = await connectDaemon((data as CliData).globals);
    const aliases = flagValues(rawArgs, args, "alias");
    await client.request("POST", `/networks/${encodeURIComponent(a.network)}/connect`, {
      body: { Container: a.container, EndpointConfig: { Aliases: aliases, IPAMConfig: a.ip ? { IPv4Address: a.ip } : undefined } },
    });
    return 0;
  },
});
