import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "pause", description: "Pause all processes within one or more containers" },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("pause", (args._ as string[]) ?? [], client, (name) => client.request("POST", `/containers/${name}/pause`));
  },
});
