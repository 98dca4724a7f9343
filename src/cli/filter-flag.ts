import type { ArgsDef } from "citty";
import { flagValues, UsageError } from "./scan-flags.ts";

/**
 * Every `--filter key=value` given, as the API's `filters` query parameter
 * (`{"key":{"value":true}}`), or undefined when there are none. Docker's rules: the key is
 * trimmed and lower-cased, a filter without "=" is a usage error.
 */
export function filtersQuery(rawArgs: string[], args: ArgsDef): string | undefined {
  const values = flagValues(rawArgs, args, "filter");
  if (!values.length) return undefined;
  const filters: Record<string, Record<string, boolean>> = {};
  for (const f of values) {
    const eq = f.indexOf("=");
    if (eq < 0) throw new UsageError(`invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)`);
    const key = f.slice(0, eq).trim().toLowerCase();
    const value = f.slice(eq + 1).trim();
    (filters[key] ??= {})[value] = true;
  }
  return JSON.stringify(filters);
}
