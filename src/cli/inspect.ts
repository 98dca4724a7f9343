import { BunkerError, messageOf } from "../lib/index.ts";
import { command, type CliData } from "./command.ts";
import { connectDaemon } from "./connect.ts";
import { renderInspect, writeOut } from "./format/index.ts";
import { UsageError } from "./scan-flags.ts";

const paths: Record<string, (name: string) => string> = {
  container: (n) => `/containers/${encodeURIComponent(n)}/json`,
  image: (n) => `/images/${n}/json`,
  volume: (n) => `/volumes/${encodeURIComponent(n)}`,
};

const notFound = (err: unknown) => err instanceof BunkerError && err.status === 404;

export default command({
  meta: { name: "inspect", description: "Return low-level information on Bunker objects" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
    type: { type: "string", description: "Only inspect objects of the given type (container, image, volume)", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const names = (args._ as string[]) ?? [];
    if (!names.length) throw new UsageError("'bunker inspect' requires at least 1 argument");
    if (args.type && !paths[args.type]) throw new UsageError(`"${args.type}" is not a valid value for --type`);
    const client = await connectDaemon((data as CliData).globals);
    const found: unknown[] = [];
    const errors: string[] = [];
    for (const name of names) {
      // Without --type, the first kind of object that has this name, as Docker looks them up.
      const kinds = args.type ? [args.type] : ["container", "image", "volume"];
      let doc: unknown;
      let lastErr: unknown;
      for (const kind of kinds) {
        try {
          doc = await client.json("GET", paths[kind]!(name));
          break;
        } catch (err) {
          lastErr = err;
          if (!notFound(err)) break;
        }
      }
      if (doc !== undefined) found.push(doc);
      else errors.push(!args.type && notFound(lastErr) ? `Error: No such object: ${name}` : lastErr instanceof BunkerError && lastErr.status !== 500 ? `Error response from daemon: ${messageOf(lastErr)}` : messageOf(lastErr));
    }
    const out = renderInspect(args.format ?? "", found);
    writeOut(out.text);
    for (const e of [...errors, ...out.errors]) console.error(e);
    return errors.length || out.errors.length ? 1 : 0;
  },
});
