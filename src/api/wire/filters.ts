import { InvalidArgument } from "../../lib/index.ts";

/**
 * Docker's `filters` query parameter: JSON of `{"key": {"value": true}}` (current form) or
 * `{"key": ["value"]}` (the old one); empty means no filters. Returns key → values.
 */
export function parseFilters(text: string | null | undefined): Record<string, string[]> {
  if (!text) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InvalidArgument(`invalid filter: ${(err as Error).message}`);
  }
  if (raw === null) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw new InvalidArgument("invalid filter: the filters must be a JSON object");
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(value) && value.every((x) => typeof x === "string")) out[key] = value as string[];
    else if (value && typeof value === "object" && Object.values(value).every((x) => typeof x === "boolean")) out[key] = Object.entries(value as Record<string, boolean>).filter(([, on]) => on).map(([k]) => k);
    else throw new InvalidArgument(`invalid filter: the values of '${key}' must be a list or a map of booleans`);
  }
  return out;
}
