import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { eachContainer } from "./each-container.ts";

export default command({
  meta: { name: "rm", description: "Remove one or more containers" },
  args: {
    force: { type: "boolean", alias: "f", description: "Force the removal of a running container (uses SIGKILL)" },
    volumes: { type: "boolean", alias: "v", description: "Remove anonymous volumes associated with the container" },
  },
  variadic: true,
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    return eachContainer("rm", (args._ as string[]) ?? [], client, (name) => client.request("DELETE", `/containers/${name}`, { query: { force: args.force ? 1 : undefined, v: args.volumes ? 1 : undefined } }));
  },
});
