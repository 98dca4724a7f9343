import { ContextStore } from "../config/index.ts";
import { command, type CliData } from "./command.ts";
import { contextView, defaultContextView, inspectJson } from "./context-view.ts";
import { renderInspect, writeOut } from "./format/index.ts";

export default command({
  meta: { name: "inspect", description: "Display detailed information on one or more contexts" },
  args: {
    format: { type: "string", alias: "f", description: "Format output using a custom template: 'json' or a Go template", valueHint: "string" },
  },
  variadic: true,
  async run({ args, data }) {
    const given = (args._ as string[]) ?? [];
    const names = given.length ? given : [(data as CliData).globals.context ?? "default"];
    const store = new ContextStore();
    const out: unknown[] = [];
    let failed = 0;
    for (const name of names) {
      const record = name === "default" ? undefined : store.get(name);
      if (name !== "default" && !record) {
        console.error(`context "${name}": context not found`);
        failed++;
        continue;
      }
      out.push(inspectJson(record ? contextView(record) : defaultContextView()));
    }
    const r = renderInspect(args.format ?? "", out);
    writeOut(r.text);
    for (const e of r.errors) console.error(e);
    return failed || r.errors.length ? 1 : 0;
  },
});
