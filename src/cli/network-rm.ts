import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "rm", description: "Remove one or more networks", alias: "remove" },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("network rm", (args._ as string[]) ?? [], client, (name) => client.request("DELETE", `/networks/${name}`));
  },
});
