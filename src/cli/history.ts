import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { defaultHistoryTable, nonHumanHistoryTable, historyContext, historyHeaders, renderList, writeOut, type HistoryEntry } from "./format/index.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "history", description: "Show the history of an image" },
  args: {
    image: { type: "positional", description: "IMAGE" },
    format: { type: "string", description: "Format output using a custom template: 'table', 'table TEMPLATE', 'json' or a Go template", valueHint: "string" },
    human: { type: "boolean", alias: "H", default: true, description: "Print sizes and dates in human readable format (default true)" },
    quiet: { type: "boolean", alias: "q", description: "Only show image IDs" },
    "no-trunc": { type: "boolean", description: "Don't truncate output" },
  },
  async run({ args, data }) {
    if (!args.image) throw new UsageError("'bunker history' requires exactly 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const rows = await client.json<HistoryEntry[]>("GET", `/images/${args.image}/history`);
    const contexts = rows.map((r) => historyContext(r, { trunc: (args as { trunc?: boolean }).trunc !== false, human: args.human !== false }));
    writeOut(renderList({ format: args.format ?? "", defaultTable: args.human === false ? nonHumanHistoryTable : defaultHistoryTable, quietFormat: "{{.ID}}", quiet: !!args.quiet, headers: historyHeaders }, contexts));
    return 0;
  },
});
