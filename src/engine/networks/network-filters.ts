import { InvalidArgument } from "../../lib/index.ts";
import type { NetworkView } from "./network-service.ts";

/** `docker network ls --filter`: each key's values are alternatives; keys must all match. */
export type NetworkFilters = Partial<Record<"name" | "id" | "label" | "driver" | "type" | "dangling" | "scope", string[]>>;

const keys = new Set(["name", "id", "label", "driver", "type", "dangling", "scope"]);

/** Check the filter keys and values the way Docker does (unknown key: 400). */
export function checkNetworkFilters(filters: Record<string, string[]>): NetworkFilters {
  for (const [key, values] of Object.entries(filters)) {
    if (!keys.has(key)) throw new InvalidArgument(`invalid filter '${key}'`);
    if (key === "type") for (const t of values) if (t !== "custom" && t !== "builtin") throw new InvalidArgument(`invalid filter: 'type'='${t}'`);
    if (key === "dangling") for (const d of values) if (!["true", "false", "1", "0"].includes(d)) throw new InvalidArgument(`invalid filter 'dangling=${d}'`);
  }
  return filters as NetworkFilters;
}

function labelMatches(labels: Record<string, string>, wanted: string): boolean {
  const i = wanted.indexOf("=");
  if (i < 0) return wanted in labels;
  return labels[wanted.slice(0, i)] === wanted.slice(i + 1);
}

/** Docker matches `name` filters as regular expressions (a plain name matches as a substring). */
function nameMatches(name: string, pattern: string): boolean {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return name.includes(pattern);
  }
}

export function matchesNetworkFilters(n: NetworkView, f: NetworkFilters): boolean {
  const any = (values: string[] | undefined, test: (v: string) => boolean) => !values?.length || values.some(test);
  return (
    any(f.name, (v) => nameMatches(n.name, v)) &&
    any(f.id, (v) => n.id.startsWith(v)) &&
    (f.label ?? []).every((v) => labelMatches(n.labels, v)) &&
    any(f.driver, (v) => n.driver === v) &&
    any(f.scope, (v) => v === "local") &&
    any(f.type, (v) => (v === "builtin") === n.builtin) &&
    any(f.dangling, (v) => (v === "true" || v === "1") === (!n.builtin && n.containers.length === 0))
  );
}
