import { InvalidArgument, goPathRegExp } from "../lib/index.ts";

/** Docker's error for a filter it does not know, or a value it refuses: "invalid filter 'status=foo'". */
export function invalidFilter(key: string, value?: string): InvalidArgument {
  return new InvalidArgument(`invalid filter '${key}${value === undefined ? "" : `=${value}`}'`);
}

/** Refuse filters outside `accepted`. */
export function checkFilterKeys(filters: Record<string, string[]>, accepted: string[]): void {
  for (const key of Object.keys(filters)) if (!accepted.includes(key)) throw invalidFilter(key);
}

/** A boolean filter (dangling): true/false/1/0, undefined when absent. */
export function boolFilter(filters: Record<string, string[]>, key: string): boolean | undefined {
  const values = filters[key];
  if (!values?.length) return undefined;
  const bools = values.map((v) => {
    const l = v.toLowerCase();
    if (l === "true" || l === "1") return true;
    if (l === "false" || l === "0") return false;
    throw invalidFilter(key, v);
  });
  if (bools.some((b) => b !== bools[0])) throw invalidFilter(key, values.join(","));
  return bools[0];
}

/** Go's regexp.MatchString as Docker's name/id/driver filters use it; a bad pattern matches nothing. */
export function regexpMatch(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

/** Docker's label filter: every `key` or `key=value` must hold. */
export function labelsMatch(wanted: string[], labels: Record<string, string>): boolean {
  return wanted.every((w) => {
    const eq = w.indexOf("=");
    if (eq < 0) return Object.hasOwn(labels, w);
    return labels[w.slice(0, eq)] === w.slice(eq + 1);
  });
}

/** Go's path.Match (see goPathRegExp); a malformed pattern matches nothing. */
export function pathMatch(pattern: string, name: string): boolean {
  try {
    return goPathRegExp(pattern).test(name);
  } catch {
    return false;
  }
}
