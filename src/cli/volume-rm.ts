import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "rm", description: "Remove one or more volumes", alias: "remove" },
  args: { force: { type: "boolean", alias: "f", description: "Force the removal of one or more volumes" } },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("volume rm", (args._ as string[]) ?? [], client, (name) => client.request("DELETE", `/volumes/${name}`, { query: { force: args.force ? 1 : undefined } }));
  },
});
