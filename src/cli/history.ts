import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { formatTable } from "./table.ts";
import { UsageError } from "./scan-flags.ts";

interface Row { Id: string; Created: number; CreatedBy: string; Size: number; Comment: string }

export default command({
  meta: { name: "history", description: "Show the history of an image" },
  args: {
    image: { type: "positional", description: "IMAGE" },
    quiet: { type: "boolean", alias: "q", description: "Only show image IDs" },
    "no-trunc": { type: "boolean", description: "Don't truncate output" },
  },
  async run({ args, data }) {
    if (!args.image) throw new UsageError("'bunker history' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const rows = await client.json<Row[]>("GET", `/images/${args.image}/history`);
    const id = (r: Row) => (r.Id === "<missing>" || args["no-trunc"] ? r.Id : r.Id.slice(7, 19));
    if (args.quiet) {
      for (const r of rows) console.log(id(r));
      return 0;
    }
    const cut = (s: string) => (args["no-trunc"] || s.length <= 45 ? s : `${s.slice(0, 44)}…`);
    const table = [["IMAGE", "CREATED", "CREATED BY", "SIZE", "COMMENT"], ...rows.map((r) => [id(r), new Date(r.Created * 1000).toISOString().slice(0, 19).replace("T", " "), cut(r.CreatedBy), `${r.Size}B`, r.Comment])];
    console.log(formatTable(table));
    return 0;
  },
});
