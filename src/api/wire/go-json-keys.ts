/**
 * Go's encoding/json matches object keys to struct fields without regard to case, so Docker
 * takes `{"detachKeys": …}` (docker-py sends that) as DetachKeys. This renames the keys of a
 * parsed body to the spelling a valibot schema uses wherever they differ only in case, through
 * nested objects, arrays, optional/nullable wrappers, pipes and union members; the keys of records
 * (maps such as Labels) are data and stay as they are, their values are walked.
 */
type AnySchema = {
  type?: string;
  entries?: Record<string, AnySchema>;
  wrapped?: AnySchema;
  item?: AnySchema;
  value?: AnySchema;
  options?: AnySchema[];
  pipe?: AnySchema[];
};

export function matchKeysLikeGo(value: unknown, schema: unknown): unknown {
  const s = schema as AnySchema | undefined;
  if (!s || value === null || typeof value !== "object") return value;
  if (s.pipe?.[0] && s.pipe[0] !== s) return matchKeysLikeGo(value, s.pipe[0]);
  if (s.wrapped) return matchKeysLikeGo(value, s.wrapped);
  if (s.type === "union" && s.options) {
    const objects = s.options.filter((o) => o.entries || o.wrapped || o.pipe);
    return objects.length === 1 ? matchKeysLikeGo(value, objects[0]) : value;
  }
  if (Array.isArray(value)) return s.item ? value.map((x) => matchKeysLikeGo(x, s.item)) : value;
  if (s.type === "record" && s.value) {
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, matchKeysLikeGo(x, s.value)]));
  }
  if (!s.entries) return value;
  const byLower = new Map(Object.keys(s.entries).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value)) {
    const key = k in s.entries ? k : (byLower.get(k.toLowerCase()) ?? k);
    // An exact spelling wins over a case-folded one, as it does in Go.
    if (key !== k && key in (value as Record<string, unknown>)) continue;
    out[key] = matchKeysLikeGo(x, s.entries[key]);
  }
  return out;
}
