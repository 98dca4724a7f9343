import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";

export default command({
  meta: { name: "ls", description: "List volumes", alias: "list" },
  args: { quiet: { type: "boolean", alias: "q", description: "Only display volume names" } },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const { Volumes } = await client.json<{ Volumes: { Name: string; Driver: string }[] }>("GET", "/volumes");
    if (args.quiet) for (const v of Volumes) console.log(v.Name);
    else {
      console.log("DRIVER    VOLUME NAME");
      for (const v of Volumes) console.log(`${v.Driver.padEnd(10)}${v.Name}`);
    }
    return 0;
  },
});
