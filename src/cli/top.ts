import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { tabwrite } from "./format/index.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "top", description: "Display the running processes of a container" },
  args: {},
  variadic: true,
  stopAtPositional: true,
  async run({ args, data }) {
    const [container, ...psArgs] = (args._ as string[]) ?? [];
    if (!container) throw new UsageError("'bunker top' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const top = await client.json<{ Titles: string[]; Processes: string[][] | null }>("GET", `/containers/${encodeURIComponent(container)}/top`, {
      query: { ps_args: psArgs.length ? psArgs.join(" ") : undefined },
    });
    const lines = [top.Titles, ...(top.Processes ?? [])].map((row) => `${row.join("\t")}\n`).join("");
    process.stdout.write(tabwrite(lines, 20, 3));
    return 0;
  },
});
