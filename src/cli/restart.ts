import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "restart", description: "Restart one or more containers" },
  args: {
    time: { type: "string", alias: "t", description: "Seconds to wait before killing the container", valueHint: "int" },
    signal: { type: "string", alias: "s", description: "Signal to send to the container", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("restart", (args._ as string[]) ?? [], client, (name) => client.request("POST", `/containers/${name}/restart`, { query: { t: args.time, signal: args.signal } }));
  },
});
