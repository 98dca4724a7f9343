/**
 * Template values as Go sees them. JSON-shaped data stands for Go's decoded JSON (strings,
 * numbers, booleans, `[]interface{}`, `map[string]interface{}`); `null` is a nil interface and
 * `undefined` is the invalid value a missing map key yields (printed `<no value>`). A GoStruct
 * stands for a formatter context: a Go value whose fields are methods (`.ID`, `.Label "k"`).
 */
export class GoStruct {
  constructor(
    /** Go's name of the type, for error messages ("*formatter.ContainerContext"). */
    readonly typeName: string,
    readonly methods: Record<string, (...args: unknown[]) => unknown>,
    /** What encoding/json makes of it, when not its methods' values (a struct with json tags). */
    private readonly json?: unknown,
  ) {}

  /** A formatter context marshals itself with json.Marshal, which escapes <, > and &. */
  get escapesHTML(): boolean {
    return this.json === undefined;
  }

  /** Docker's MarshalJSON of a context: every method without arguments, by name. */
  toJSON(): unknown {
    if (this.json !== undefined) return this.json;
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(this.methods).sort()) {
      if (this.methods[name]!.length === 0) out[name] = this.methods[name]!();
    }
    return out;
  }
}

/**
 * A nil slice or map of a typed Go struct (Docker's inspect types): printed `[]` / `map[]`,
 * empty to len/range/if, and `null` in JSON.
 */
export class GoNilCollection {
  constructor(readonly kind: "slice" | "map") {}

  toJSON(): null {
    return null;
  }
}

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof GoStruct) && !(v instanceof GoNilCollection);

/**
 * A JSON object seen as a Go struct whose fields are named differently from its JSON keys
 * (`APIVersion` for "ApiVersion"): templates use the Go names, `json` prints the JSON.
 */
export function goStructOf(typeName: string, json: Record<string, unknown>, goNames: Record<string, string> = {}): GoStruct {
  const methods: Record<string, () => unknown> = {};
  for (const [key, value] of Object.entries(json)) methods[goNames[key] ?? key] = () => value;
  return new GoStruct(typeName, methods, json);
}

/** Go's type name of a value, as text/template's errors print it. */
export function goTypeName(v: unknown): string {
  if (v === undefined || v === null) return "interface {}";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float64";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof GoStruct) return v.typeName;
  if (v instanceof GoNilCollection) return v.kind === "slice" ? "[]string" : "map[string]interface {}";
  return "map[string]interface {}";
}

/** Go's truth of a value for if/with/and/or/not: zero values and empty collections are false. */
export function truth(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof GoStruct) return true;
  if (v instanceof GoNilCollection) return false;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

/** strconv.FormatFloat(f, 'g', -1, 64) as fmt's %v prints a float64. */
export function goFloat(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  if (!Number.isFinite(n)) return Number.isNaN(n) ? "NaN" : n > 0 ? "+Inf" : "-Inf";
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= (Number.isInteger(n) ? 21 : 6)) {
    const [mant, e] = n.toExponential().split("e");
    const ev = Number(e);
    return `${mant}e${ev < 0 ? "-" : "+"}${String(Math.abs(ev)).padStart(2, "0")}`;
  }
  return String(n);
}

/** fmt's %v of a value (Go's Sprint of one operand). */
export function goPrint(v: unknown, top = true): string {
  if (v === undefined) return top ? "<no value>" : "<nil>";
  if (v === null) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "number") return goFloat(v);
  if (typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((e) => goPrint(e, false)).join(" ")}]`;
  if (v instanceof GoNilCollection) return v.kind === "slice" ? "[]" : "map[]";
  if (v instanceof GoStruct) return `{${Object.entries(v.methods).filter(([, m]) => m.length === 0).map(([, m]) => goPrint(m(), false)).join(" ")}}`;
  if (typeof v === "object") {
    const m = v as Record<string, unknown>;
    return `map[${Object.keys(m).sort().map((k) => `${k}:${goPrint(m[k], false)}`).join(" ")}]`;
  }
  return String(v);
}

/**
 * Go's encoding/json of a value: U+2028/U+2029 always escaped, and <, >, & too with
 * `escapeHTML` (json.Marshal's default; Docker's `json` function turns it off, but a
 * formatter context marshals itself with it on).
 */
export function goJSON(v: unknown, escapeHTML = false): string {
  const text = JSON.stringify(v === undefined ? null : v, (_k, x) => (x === undefined ? null : x)) ?? "null";
  const escapes: Record<string, string> = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029" };
  return text.replace(escapeHTML ? /[<>&\u2028\u2029]/g : /[\u2028\u2029]/g, (c) => escapes[c]!);
}

/** strconv.Quote: Go's double-quoted form of a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\x07") out += "\\a";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (ch === "\v") out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}
