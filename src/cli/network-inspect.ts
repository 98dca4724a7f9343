import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { UsageError } from "./scan-flags.ts";
import { renderInspect, writeOut } from "./format/index.ts";

export default command({
  meta: { name: "inspect", description: "Display detailed information on one or more networks" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
    verbose: { type: "boolean", alias: "v", description: "Verbose output for diagnostics" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker network inspect' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const out: unknown[] = [];
    let failed = 0;
    for (const n of names) {
      try {
        out.push(await client.json("GET", `/networks/${encodeURIComponent(n)}`));
      } catch (err) {
        console.error(`Error response from daemon: ${messageOf(err)}`);
        failed++;
      }
    }
    const rendered = renderInspect(args.format ?? "", out);
    writeOut(rendered.text);
    for (const e of rendered.errors) console.error(e);
    return failed || rendered.errors.length ? 1 : 0;
  },
});
