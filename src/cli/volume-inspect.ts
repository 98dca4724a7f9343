import { messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { renderInspect, writeOut } from "./format/index.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "inspect", description: "Display detailed information on one or more volumes" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker volume inspect' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const out: unknown[] = [];
    let failed = 0;
    for (const n of names) {
      try {
        out.push(await client.json("GET", `/volumes/${encodeURIComponent(n)}`));
      } catch (err) {
        console.error(`Error response from daemon: ${messageOf(err)}`);
        failed++;
      }
    }
    const r = renderInspect(args.format ?? "", out);
    writeOut(r.text);
    for (const e of r.errors) console.error(e);
    return failed || r.errors.length ? 1 : 0;
  },
});
