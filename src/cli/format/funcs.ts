import { goSprintf } from "./go-printf.ts";
import { GoNilCollection, GoStruct, goJSON, goPrint, goTypeName, isMap, truth } from "./go-values.ts";

export interface FuncSpec {
  fn: (...args: any[]) => unknown;
  /** [min, max]; max undefined for variadic. */
  arity: [number, number?];
  /** Parameter types Go would check ("string", "int"); the last repeats for variadic ones. */
  types?: ("string" | "int" | "any")[];
}

type Kind = "bool" | "number" | "string" | "nil";

function basicKind(v: unknown): Kind {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  throw new Error(`invalid type for comparison`);
}

function eq(a: unknown, ...rest: unknown[]): boolean {
  const ka = basicKind(a);
  for (const b of rest) {
    const kb = basicKind(b);
    if (ka === "nil" || kb === "nil") {
      if (ka === kb) return true;
      continue;
    }
    if (ka !== kb) throw new Error("incompatible types for comparison");
    if (a === b) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === "bool" || ka === "nil") throw new Error("invalid type for comparison");
  if (ka !== kb) throw new Error("incompatible types for comparison");
  return (a as number | string) < (b as number | string);
}

function index(item: unknown, ...keys: unknown[]): unknown {
  let v = item;
  for (const key of keys) {
    if (v instanceof GoNilCollection) {
      if (v.kind === "slice") throw new Error(`index out of range: ${goPrint(key)}`);
      v = "";
      continue;
    }
    if (v === undefined || v === null) throw new Error("index of untyped nil");
    if (Array.isArray(v) || typeof v === "string") {
      if (typeof key !== "number" || !Number.isInteger(key)) throw new Error(`cannot index slice/array with type ${goTypeName(key)}`);
      if (key < 0 || key >= v.length) throw new Error(`index out of range: ${key}`);
      v = typeof v === "string" ? Buffer.from(v)[key] : v[key];
    } else if (isMap(v)) {
      if (typeof key !== "string") throw new Error(`value has type ${goTypeName(key)}; should be string`);
      const values = Object.values(v);
      // A missing key gives the zero value: "" for a map of strings (labels), nil otherwise.
      v = Object.hasOwn(v, key) ? v[key] : values.every((x) => typeof x === "string") ? "" : null;
    } else throw new Error(`can't index item of type ${goTypeName(v)}`);
  }
  return v;
}

function slice(item: unknown, ...idx: unknown[]): unknown {
  if (typeof item !== "string" && !Array.isArray(item)) throw new Error(`can't slice item of type ${goTypeName(item)}`);
  if (idx.length > (typeof item === "string" ? 2 : 3)) throw new Error(`too many slice indexes: ${idx.length}`);
  const n = idx.map((i) => {
    if (typeof i !== "number" || !Number.isInteger(i)) throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
    return i;
  });
  const start = n[0] ?? 0;
  const end = n[1] ?? item.length;
  if (start < 0 || end > item.length || start > end) throw new Error(`index out of range: ${start > end ? start : end}`);
  return item.slice(start, end);
}

function len(v: unknown): number {
  if (v instanceof GoNilCollection) return 0;
  if (typeof v === "string") return Buffer.byteLength(v);
  if (Array.isArray(v)) return v.length;
  if (isMap(v)) return Object.keys(v).length;
  throw new Error(`len of type ${goTypeName(v)}`);
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
function sprint(...args: unknown[]): string {
  let out = "";
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== "string" && typeof args[i - 1] !== "string") out += " ";
    out += goPrint(a);
  });
  return out;
}

/** Go's strings.Title: the first letter of every word in upper case. */
function title(s: string): string {
  return s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
}

/** Docker's truncate: the first `n` runes. */
function truncate(s: string, n: number): string {
  const runes = [...s];
  return runes.length > n ? runes.slice(0, n).join("") : s;
}

const htmlEscapes: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&#39;", '"': "&#34;", "\0": "\uFFFD" };

/** Go's text/template built-ins plus the functions Docker's CLI adds to every format. */
export const templateFuncs: Record<string, FuncSpec> = {
  and: { fn: () => undefined, arity: [1] },
  or: { fn: () => undefined, arity: [1] },
  not: { fn: (v: unknown) => !truth(v), arity: [1, 1] },
  eq: { fn: eq, arity: [1] },
  ne: { fn: (a: unknown, b: unknown) => !eq(a, b), arity: [2, 2] },
  lt: { fn: lt, arity: [2, 2] },
  le: { fn: (a: unknown, b: unknown) => lt(a, b) || eq(a, b), arity: [2, 2] },
  gt: { fn: (a: unknown, b: unknown) => !lt(a, b) && !eq(a, b), arity: [2, 2] },
  ge: { fn: (a: unknown, b: unknown) => !lt(a, b), arity: [2, 2] },
  len: { fn: len, arity: [1, 1] },
  index: { fn: index, arity: [1] },
  slice: { fn: slice, arity: [1] },
  print: { fn: sprint, arity: [0] },
  println: { fn: (...a: unknown[]) => `${a.map((x) => goPrint(x)).join(" ")}\n`, arity: [0] },
  printf: { fn: (f: string, ...a: unknown[]) => goSprintf(f, a), arity: [1], types: ["string", "any"] },
  html: { fn: (...a: unknown[]) => sprint(...a).replace(/[<>&'"\0]/g, (c) => htmlEscapes[c]!), arity: [0] },
  urlquery: { fn: (...a: unknown[]) => encodeURIComponent(sprint(...a)).replace(/%20/g, "+").replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`), arity: [0] },
  // Docker's additions (docker/cli templates.basicFunctions).
  json: { fn: (v: unknown) => (v instanceof GoStruct ? goJSON(v.toJSON(), v.escapesHTML) : goJSON(v)), arity: [1, 1] },
  split: { fn: (s: string, sep: string) => (sep === "" ? [...s] : s.split(sep)), arity: [2, 2], types: ["string", "string"] },
  join: {
    fn: (list: unknown, sep: string) => {
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string")) throw new Error(`wrong type for value; expected []string; got ${goTypeName(list)}`);
      return list.join(sep);
    },
    arity: [2, 2],
    types: ["any", "string"],
  },
  title: { fn: title, arity: [1, 1], types: ["string"] },
  lower: { fn: (s: string) => s.toLowerCase(), arity: [1, 1], types: ["string"] },
  upper: { fn: (s: string) => s.toUpperCase(), arity: [1, 1], types: ["string"] },
  pad: { fn: (s: string, before: number, after: number) => (s ? " ".repeat(Math.max(0, before)) + s + " ".repeat(Math.max(0, after)) : s), arity: [3, 3], types: ["string", "int", "int"] },
  truncate: { fn: truncate, arity: [2, 2], types: ["string", "int"] },
};

/**
 * The functions used to render a table's header row: Docker's header functions leave the
 * header text as it is, whatever the cell's template does to the value.
 */
export const headerFuncs: Record<string, FuncSpec> = {
  ...templateFuncs,
  json: { fn: (v: unknown) => v, arity: [1, 1] },
  split: { fn: (s: unknown) => s, arity: [2, 2] },
  join: { fn: (s: unknown) => s, arity: [2, 2] },
  title: { fn: (s: unknown) => s, arity: [1, 1] },
  lower: { fn: (s: unknown) => s, arity: [1, 1] },
  upper: { fn: (s: unknown) => s, arity: [1, 1] },
  pad: { fn: (s: unknown) => s, arity: [3, 3] },
  truncate: { fn: (s: unknown) => s, arity: [2, 2] },
};
