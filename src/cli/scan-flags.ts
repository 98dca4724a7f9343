import type { ArgsDef } from "citty";

/** A command-line mistake: one line on stderr and exit code 125, as Docker's client does. */
export class UsageError extends Error {}

interface FlagSpec {
  long: Map<string, { takesValue: boolean }>;
  short: Map<string, { takesValue: boolean; name?: string }>;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Long and short flag names a command accepts (plus --help/-h, which every command has). */
export function flagSpec(args: ArgsDef): FlagSpec {
  const long = new Map<string, { takesValue: boolean }>([["help", { takesValue: false }]]);
  const short = new Map<string, { takesValue: boolean; name?: string }>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const takesValue = def.type === "string" || def.type === "enum";
    long.set(kebab(name), { takesValue });
    const alias = (def as { alias?: string | string[] }).alias;
    const aliases = alias === undefined ? [] : Array.isArray(alias) ? alias : [alias];
    for (const alias of aliases) {
      if (alias.length === 1) short.set(alias, { takesValue, name: kebab(name) });
      else long.set(alias, { takesValue });
    }
  }
  // -h is help unless the command uses it (docker run's -h is --hostname).
  if (!short.has("h")) short.set("h", { takesValue: false, name: "help" });
  return { long, short };
}

export interface Scan {
  help: boolean;
  /** Index of the first positional token, or -1. */
  firstPositional: number;
  positionals: number;
}

/**
 * Check every flag in `tokens` against `spec`. With `stopAtPositional`, scanning ends at the
 * first positional (the rest belongs to a subcommand or to the container's command line).
 * Unknown flags and missing values throw UsageError with Docker's wording.
 */
export function scanFlags(tokens: string[], spec: FlagSpec, stopAtPositional: boolean): Scan {
  const scan: Scan = { help: false, firstPositional: -1, positionals: 0 };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "--") {
      if (scan.firstPositional < 0 && i + 1 < tokens.length) scan.firstPositional = i + 1;
      scan.positionals += tokens.length - i - 1;
      break;
    }
    if (token === "-" || !token.startsWith("-")) {
      if (scan.firstPositional < 0) scan.firstPositional = i;
      scan.positionals++;
      if (stopAtPositional) {
        scan.positionals += tokens.length - i - 1;
        break;
      }
      continue;
    }
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const name = token.slice(2, eq < 0 ? undefined : eq);
      const flag = spec.long.get(name);
      if (!flag) throw new UsageError(`unknown flag: --${name}`);
      if (name === "help") scan.help = true;
      if (flag.takesValue && eq < 0) {
        if (i + 1 >= tokens.length) throw new UsageError(`flag needs an argument: --${name}`);
        i++;
      }
      continue;
    }
    // -H=false: a value given to a single short flag, as pflag allows.
    if (token[2] === "=" && spec.short.has(token[1]!)) continue;
    for (let j = 1; j < token.length; j++) {
      const c = token[j]!;
      const flag = spec.short.get(c);
      if (!flag) throw new UsageError(`unknown shorthand flag: '${c}' in ${token}`);
      if (flag.name === "help") scan.help = true;
      if (flag.takesValue) {
        if (j === token.length - 1) {
          if (i + 1 >= tokens.length) throw new UsageError(`flag needs an argument: '${c}' in ${token}`);
          i++;
        }
        break;
      }
    }
  }
  return scan;
}

/** `-H=false` as `--human=false` (citty reads only the long form of an assigned value). */
export function longAssignments(tokens: string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  for (const token of tokens) {
    if (token === "--") return [...out, ...tokens.slice(out.length)];
    const name = token.length > 2 && token[0] === "-" && token[1] !== "-" && token[2] === "=" ? spec.short.get(token[1]!)?.name : undefined;
    out.push(name ? `--${name}${token.slice(2)}` : token);
  }
  return out;
}

/**
 * Every value given to a repeatable flag (`-e A -e B --env=C`), in order, from the tokens
 * before the first positional (flags after it belong to the container's command).
 */
export function flagValues(tokens: string[], args: ArgsDef, name: string): string[] {
  const spec = flagSpec(args);
  const shortName = [...spec.short].find(([, f]) => f.name === name)?.[0];
  const values: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "--" || token === "-" || !token.startsWith("-")) break;
    if (token.startsWith("--")) {
      const eq = token.indexOf("=");
      const flag = token.slice(2, eq < 0 ? undefined : eq);
      const takesValue = spec.long.get(flag)?.takesValue;
      const value = eq >= 0 ? token.slice(eq + 1) : takesValue ? tokens[++i] : undefined;
      if (flag === name && value !== undefined) values.push(value);
      continue;
    }
    for (let j = 1; j < token.length; j++) {
      const f = spec.short.get(token[j]!);
      if (!f?.takesValue) continue;
      const value = j < token.length - 1 ? token.slice(j + 1) : tokens[++i];
      if (token[j] === shortName && value !== undefined) values.push(value);
      break;
    }
  }
  return values;
}

/** Every value of a repeatable flag, anywhere on the command line (`-t a --tag=b`). */
export function repeatedFlag(raw: string[], long: string, short?: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const t = raw[i]!;
    if (t === "--") break;
    if (t === `--${long}` || (short && t === `-${short}`)) {
      if (raw[i + 1] !== undefined) out.push(raw[++i]!);
    } else if (t.startsWith(`--${long}=`)) out.push(t.slice(long.length + 3));
    else if (short && t.startsWith(`-${short}`) && t.length > 2 && !t.startsWith("--")) out.push(t.slice(2));
  }
  return out;
}
