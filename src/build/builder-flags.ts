/**
 * The `--flag` words of one instruction checked against the flags it accepts (Docker's BFlags):
 * unknown flags, repeats of single-valued flags, missing values and bad booleans are errors.
 */
import type { Flags } from "./instructions.ts";
import { withSuggestion } from "./suggest.ts";

export type FlagKind = "bool" | "string" | "strings";

export class FlagError extends Error {}

/**
 * Parses `words` against `accepted` (name → kind). Booleans come back as "true"/"false", strings
 * as their value, repeatable flags as arrays. Flags that are not given are absent.
 */
export function parseFlags(words: readonly string[], accepted: Readonly<Record<string, FlagKind>>): Flags {
  const flags: Flags = {};
  for (const word of words) {
    if (word === "--") break;
    if (!word.startsWith("--")) throw new FlagError(`arg should start with -- : ${word}`);
    const eq = word.indexOf("=");
    const flagName = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? "" : word.slice(eq + 1);
    const hasValue = eq >= 0;
    const name = flagName.slice(2);
    const kind = Object.hasOwn(accepted, name) ? accepted[name] : undefined;
    if (kind === undefined) {
      throw new FlagError(withSuggestion(`unknown flag: ${flagName}`, name, Object.keys(accepted), true));
    }
    if (name in flags && kind !== "strings") throw new FlagError(`duplicate flag specified: ${flagName}`);
    switch (kind) {
      case "bool": {
        if (hasValue && value === "") throw new FlagError(`missing a value on flag: ${flagName}`);
        const v = value.toLowerCase();
        if (v !== "" && v !== "true" && v !== "false") {
          throw new FlagError(`expecting boolean value for flag ${flagName}, not: ${value}`);
        }
        flags[name] = v === "false" ? "false" : "true";
        break;
      }
      case "string":
        if (!hasValue) throw new FlagError(`missing a value on flag: ${flagName}`);
        flags[name] = value;
        break;
      case "strings": {
        if (!hasValue) throw new FlagError(`missing a value on flag: ${flagName}`);
        const list = flags[name];
        flags[name] = Array.isArray(list) ? [...list, value] : [value];
        break;
      }
    }
  }
  return flags;
}
