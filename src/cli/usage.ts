import type { ArgDef, ArgsDef } from "citty";
import type { BunkerCommand } from "./command.ts";
import { argsOf, metaOf, subCommandsOf } from "./dispatch.ts";

function flagColumn(name: string, def: ArgDef): string {
  const alias = (def as { alias?: string | string[] }).alias;
  const short = (Array.isArray(alias) ? alias : alias ? [alias] : []).find((a) => a.length === 1);
  const takesValue = def.type === "string" || def.type === "enum";
  const hint = takesValue ? ` ${def.valueHint ?? "string"}` : "";
  return `${short ? `-${short}, ` : "    "}--${name}${hint}`;
}

function flagHelp(def: ArgDef): string {
  let text = def.description ?? "";
  if (def.type === "enum" && def.options?.length) text += ` (${def.options.join("|")})`;
  if (def.default !== undefined && def.default !== false && def.default !== "") text += ` (default ${JSON.stringify(def.default)})`;
  return text;
}

function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`.trimEnd());
}

/** Docker-style help for the command at `path` (["bunker", "daemon", "stop"]). */
export async function renderHelp(cmd: BunkerCommand, path: string[]): Promise<string> {
  const meta = await metaOf(cmd);
  const args: ArgsDef = await argsOf(cmd);
  const subs = await subCommandsOf(cmd);
  const positionals = Object.entries(args).filter(([, def]) => def.type === "positional");
  const flags = Object.entries(args).filter(([, def]) => def.type !== "positional");
  const visibleSubs: [string, string][] = [];
  for (const [name, sub] of Object.entries(subs).sort(([a], [b]) => a.localeCompare(b))) {
    const m = await metaOf(sub);
    if (!m.hidden) visibleSubs.push([name, m.description ?? ""]);
  }
  let usage = `Usage:  ${path.join(" ")} [OPTIONS]`;
  for (const [name, def] of positionals) usage += def.required === false || def.default !== undefined ? ` [${name.toUpperCase()}]` : ` ${name.toUpperCase()}`;
  if (cmd.variadic) usage += " [ARG...]";
  if (visibleSubs.length) usage += cmd.run ? " [COMMAND]" : " COMMAND";
  const out = [usage, "", meta.description ?? ""];
  const flagRows: [string, string][] = flags.map(([name, def]) => [flagColumn(name, def), flagHelp(def)]);
  flagRows.push(["-h, --help", "Print usage"]);
  out.push("", "Options:", ...table(flagRows.sort(([a], [b]) => a.replace(/^ *-(\w, )?-?/, "").localeCompare(b.replace(/^ *-(\w, )?-?/, "")))));
  if (visibleSubs.length) {
    out.push("", "Commands:", ...table(visibleSubs), "", `Run '${path.join(" ")} COMMAND --help' for more information on a command.`);
  }
  return out.join("\n");
}
