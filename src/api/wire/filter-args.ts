import { InvalidArgument } from "../../lib/index.ts";

/**
 * The `filters` query parameter of list endpoints, in either of Docker's encodings:
 * `{"name":{"web":true}}` or the older `{"name":["web"]}`. Returns each filter's values.
 */
export function parseFilterArgs(raw: string | null): Record<string, string[]> {
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidArgument(`invalid filter: ${raw}`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== "object" || Array.isArray(parsed)) throw new InvalidArgument(`invalid filter: ${raw}`);
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) out[key] = value;
    else if (value && typeof value === "object" && !Array.isArray(value) && Object.values(value).every((v) => typeof v === "boolean")) {
      out[key] = Object.entries(value as Record<string, boolean>).filter(([, on]) => on).map(([v]) => v);
    } else throw new InvalidArgument(`invalid filter: ${raw}`);
  }
  return out;
}
