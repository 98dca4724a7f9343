import { BunkerError, messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { renderInspect, writeOut } from "./format/index.ts";
import { UsageError } from "./scan-flags.ts";

export default command({
  meta: { name: "inspect", description: "Display detailed information on one or more containers" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
    size: { type: "boolean", alias: "s", description: "Display total file sizes" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker container inspect' requires at least 1 argument");
    const client = await connectDaemon((data as CliData).globals);
    const docs: unknown[] = [];
    const errors: string[] = [];
    for (const name of names) {
      try {
        docs.push(await client.json("GET", `/containers/${encodeURIComponent(name)}/json`, { query: { size: args.size ? 1 : undefined } }));
      } catch (err) {
        errors.push(err instanceof BunkerError && err.status === 404 ? `Error: ${messageOf(err)}` : err instanceof BunkerError && err.status !== 500 ? `Error response from daemon: ${messageOf(err)}` : messageOf(err));
      }
    }
    const out = renderInspect(args.format ?? "", docs);
    writeOut(out.text);
    for (const e of [...errors, ...out.errors]) console.error(e);
    return errors.length || out.errors.length ? 1 : 0;
  },
});
