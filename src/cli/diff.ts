import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";

const kinds = ["C", "A", "D"];

export default command({
  meta: { name: "diff", description: "Inspect changes to files or directories on a container's filesystem" },
  args: { container: { type: "positional", required: false, description: "CONTAINER" } },
  async run({ args, data }) {
    if (!args.container) throw new UsageError("'bunker diff' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const changes = await client.json<{ Kind: number; Path: string }[] | null>("GET", `/containers/${encodeURIComponent(args.container)}/changes`);
    for (const c of changes ?? []) console.log(`${kinds[c.Kind] ?? "?"} ${c.Path}`);
    return 0;
  },
});
