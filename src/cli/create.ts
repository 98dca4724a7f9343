import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { containerFlags } from "./container-flags.ts";
import { createContainer, imageAndCommand } from "./create-container.ts";

export default command({
  meta: { name: "create", description: "Create a new container" },
  args: containerFlags,
  variadic: true,
  stopAtPositional: true,
  async run({ args, rawArgs, data }) {
    imageAndCommand("create", args);
    const client = await connectDaemon((data as CliData).globals);
    console.log(await createContainer(client, "create", args, rawArgs));
    return 0;
  },
});
