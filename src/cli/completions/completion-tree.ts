import type { ArgDef } from "citty";
import type { BunkerCommand } from "../command.ts";
import { argsOf, metaOf, subCommandsOf } from "../dispatch.ts";

/** What the word after a flag (or a positional argument) completes to. */
export interface ValueCompletion {
  /** The placeholder for the value (its valueHint, else the flag's or operand's name). */
  hint: string;
  /** Complete file names. */
  files: boolean;
  /** Fixed candidates, in the order the command declares them (empty: no suggestions). */
  choices: string[];
}

export interface CompletionFlag {
  /** Long names without the dashes, the main name first. */
  long: string[];
  /** One-letter names without the dash. */
  short: string[];
  description: string;
  /** null for a boolean flag, which takes no value. */
  value: ValueCompletion | null;
}

export interface CompletionPositional {
  name: string;
  description: string;
  value: ValueCompletion;
}

/** A command of the tree, as the completion scripts need it: plain data, sorted. */
export interface CompletionCommand {
  name: string;
  /** Names from the root down, e.g. ["bunker", "daemon", "stop"]. */
  path: string[];
  aliases: string[];
  description: string;
  /** Its own flags (a subcommand does not accept its parent's), sorted, -h/--help included. */
  flags: CompletionFlag[];
  /** Declared positional arguments, in order. */
  positionals: CompletionPositional[];
  /** It accepts more positional arguments than it declares. */
  variadic: boolean;
  /** Everything after the first positional belongs to it, flags included (`run IMAGE CMD --flag`). */
  stopAtPositional: boolean;
  /** Visible subcommands, sorted by name. */
  commands: CompletionCommand[];
}

const helpFlag: CompletionFlag = { long: ["help"], short: ["h"], description: "Print usage", value: null };

/** Names go into shell case patterns and function names unquoted, so they are kept plain. */
const plainName = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string, path: string[]): string {
  if (!plainName.test(name)) throw new Error(`completions: ${kind} ${JSON.stringify(name)} of '${path.join(" ")}' is not a plain name`);
  return name;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * What a value completes to: file names when the hint mentions a path or the name a file,
 * root or directory; enum options; for a positional, choices written as its hint (`bash|fish|zsh`).
 */
function valueOf(name: string, def: ArgDef): ValueCompletion {
  const hint = def.valueHint ?? name;
  if (def.type === "enum") return { hint, files: false, choices: [...(def.options ?? [])] };
  if (def.type === "positional" && /^[\w.-]+(\|[\w.-]+)+$/.test(hint)) return { hint, files: false, choices: hint.split("|") };
  const files = /path/i.test(hint) || /file|root|dir/i.test(name);
  return { hint, files, choices: [] };
}

function flagOf(name: string, def: ArgDef, path: string[]): CompletionFlag {
  const long = [checkName("flag", kebab(name), path)];
  const short: string[] = [];
  for (const alias of list((def as { alias?: string | string[] }).alias)) {
    (alias.length === 1 ? short : long).push(checkName("flag alias", alias, path));
  }
  const takesValue = def.type === "string" || def.type === "enum";
  return { long: [long[0]!, ...long.slice(1).sort(byName)], short: short.sort(byName), description: def.description ?? "", value: takesValue ? valueOf(name, def) : null };
}

const flagKey = (f: CompletionFlag) => f.long[0] ?? f.short[0] ?? "";

async function walk(cmd: BunkerCommand, name: string, aliases: string[], parent: string[]): Promise<CompletionCommand> {
  const meta = await metaOf(cmd);
  const path = [...parent, checkName("command", name, parent)];
  const args = await argsOf(cmd);
  const flags = [helpFlag];
  const positionals: CompletionPositional[] = [];
  for (const [argName, def] of Object.entries(args)) {
    if (def.type === "positional") positionals.push({ name: argName, description: def.description ?? "", value: valueOf(argName, def) });
    else flags.push(flagOf(argName, def, path));
  }
  flags.sort((a, b) => byName(flagKey(a), flagKey(b)));
  const commands: CompletionCommand[] = [];
  for (const [subName, sub] of Object.entries(await subCommandsOf(cmd))) {
    const subMeta = await metaOf(sub);
    if (subMeta.hidden) continue;
    const subAliases = list(subMeta.alias).map((a) => checkName("command alias", a, path)).sort(byName);
    commands.push(await walk(sub, subName, subAliases, path));
  }
  commands.sort((a, b) => byName(a.name, b.name));
  return {
    name,
    path,
    aliases,
    description: meta.description ?? "",
    flags,
    positionals,
    variadic: !!cmd.variadic,
    stopAtPositional: !!cmd.stopAtPositional,
    commands,
  };
}

/** Resolve the whole (lazy) command tree into the data the completion scripts are made from. */
export async function completionTree(root: BunkerCommand): Promise<CompletionCommand> {
  const meta = await metaOf(root);
  return walk(root, meta.name ?? "bunker", [], []);
}

/** Every command of the tree, root first, depth first in name order. */
export function eachCommand(tree: CompletionCommand): CompletionCommand[] {
  return [tree, ...tree.commands.flatMap(eachCommand)];
}
