import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { formatTable } from "./table.ts";

export default command({
  meta: { name: "ls", description: "List volumes", alias: "list" },
  args: { quiet: { type: "boolean", alias: "q", description: "Only display volume names" } },
  async run({ args, data }) {
    const client = await connectDaemon((data as CliData).globals);
    const { Volumes } = await client.json<{ Volumes: { Name: string; Driver: string }[] }>("GET", "/volumes");
    if (args.quiet) for (const v of Volumes) console.log(v.Name);
    else console.log(formatTable([["DRIVER", "VOLUME NAME"], ...Volumes.map((v) => [v.Driver, v.Name])]));
    return 0;
  },
});
