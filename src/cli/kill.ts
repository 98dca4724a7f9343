import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "kill", description: "Kill one or more running containers" },
  args: { signal: { type: "string", alias: "s", description: "Signal to send to the container", valueHint: "string" } },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("kill", (args._ as string[]) ?? [], client, (name) => client.request("POST", `/containers/${name}/kill`, { query: { signal: args.signal } }));
  },
});
