/**
 * `RUN --mount=type=cache,target=/root/.cache,...` as Docker reads it. At parse time only `from`
 * is checked (it may not use variables); the builder calls parseRunMount with its expander once
 * build arguments are known.
 */
import { InvalidArgument } from "../lib/index.ts";
import { InstructionError } from "./instruction-error.ts";
import { withSuggestion } from "./suggest.ts";

export type RunMountType = "bind" | "cache" | "tmpfs" | "secret" | "ssh";

export interface RunMount {
  type: RunMountType;
  from?: string;
  source?: string;
  target?: string;
  readOnly: boolean;
  /** tmpfs size in bytes. */
  sizeLimit?: number;
  /** Cache or secret id. */
  id?: string;
  sharing?: "shared" | "private" | "locked";
  required: boolean;
  env?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

const types: readonly RunMountType[] = ["bind", "cache", "tmpfs", "secret", "ssh"];
const sharings = ["shared", "private", "locked"] as const;
const allKeys = [
  "type", "from", "source", "target", "readonly", "id", "sharing", "required", "size", "mode", "uid", "gid",
  "src", "dst", "destination", "ro", "rw", "readwrite", "env",
];

/** Splits one CSV record (Go's encoding/csv rules for a single line). */
export function csvFields(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`extraneous or missing " in quoted-field`);
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ",") throw new Error(`extraneous or missing " in quoted-field`);
    } else {
      while (i < text.length && text[i] !== ",") {
        if (text[i] === '"') throw new Error(`bare " in non-quoted-field`);
        field += text[i++];
      }
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++; // the comma
  }
}

function fieldsOf(spec: string): string[] {
  try {
    return csvFields(spec);
  } catch (err) {
    throw new InstructionError(`failed to parse csv mounts: ${(err as Error).message}`);
  }
}

/** The parse-time check Docker makes on a --mount value. */
export function checkRunMount(spec: string): void {
  for (const field of fieldsOf(spec)) {
    const eq = field.indexOf("=");
    if (eq < 0) continue;
    if (field.slice(0, eq).toLowerCase() !== "from") continue;
    const value = field.slice(eq + 1);
    const dollar = value.indexOf("$");
    if (dollar !== -1 && dollar !== value.length - 1) {
      throw new InstructionError("'from' doesn't support variable expansion, define alias stage instead");
    }
  }
}

/**
 * A --mount value, each value expanded with `expand` (the builder's expandWord over the current
 * build arguments and environment). Throws InvalidArgument with Docker's messages.
 */
export function parseRunMount(spec: string, expand: (word: string) => string = (w) => w): RunMount {
  let fields: string[];
  try {
    fields = fieldsOf(spec);
  } catch (err) {
    throw new InvalidArgument((err as Error).message);
  }
  const fail = (message: string): never => {
    throw new InvalidArgument(message);
  };
  const m: RunMount = { type: "bind", readOnly: false, required: false };
  let roAuto = true;
  const bool = (key: string, value: string): boolean => {
    const v = goParseBool(value);
    return v ?? fail(`invalid value for ${key}: ${value}`);
  };
  const uint = (key: string, value: string, base: 8 | 10): number => {
    const ok = base === 8 ? /^[0-7]+$/.test(value) : /^\d+$/.test(value);
    const n = ok ? Number.parseInt(value, base) : Number.NaN;
    if (!ok || n > 0xffffffff) fail(`invalid value ${value} for ${key}`);
    return n;
  };
  for (const field of fields) {
    const eq = field.indexOf("=");
    const key = (eq < 0 ? field : field.slice(0, eq)).toLowerCase();
    if (eq < 0) {
      if (key === "readonly" || key === "ro") [m.readOnly, roAuto] = [true, false];
      else if (key === "readwrite" || key === "rw") [m.readOnly, roAuto] = [false, false];
      else if (key === "required") {
        if (m.type !== "secret" && m.type !== "ssh") fail(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = true;
      } else fail(`invalid field '${field}' must be a key=value pair`);
      continue;
    }
    const value = expand(field.slice(eq + 1));
    switch (key) {
      case "type": {
        const t = value.toLowerCase() as RunMountType;
        if (!types.includes(t)) fail(withSuggestion(`unsupported mount type "${value}"`, value, types, true));
        m.type = t;
        break;
      }
      case "from": m.from = value; break;
      case "source": case "src": m.source = value; break;
      case "target": case "dst": case "destination": m.target = value; break;
      case "readonly": case "ro": [m.readOnly, roAuto] = [bool(key, value), false]; break;
      case "readwrite": case "rw": [m.readOnly, roAuto] = [!bool(key, value), false]; break;
      case "required":
        if (m.type !== "secret" && m.type !== "ssh") fail(`unexpected key '${key}' for mount type '${m.type}'`);
        m.required = bool(key, value);
        break;
      case "size": {
        if (m.type !== "tmpfs") fail(`unexpected key '${key}' for mount type '${m.type}'`);
        const size = ramInBytes(value);
        m.sizeLimit = size ?? fail(`invalid value for ${key}: ${value}`);
        break;
      }
      case "id": m.id = value; break;
      case "sharing": {
        const s = value.toLowerCase() as (typeof sharings)[number];
        if (!sharings.includes(s)) fail(withSuggestion(`unsupported sharing value "${value}"`, value, sharings, true));
        m.sharing = s;
        break;
      }
      case "mode": m.mode = uint("mode", value, 8); break;
      case "uid": m.uid = uint("uid", value, 10); break;
      case "gid": m.gid = uint("gid", value, 10); break;
      case "env": m.env = value; break;
      default:
        fail(withSuggestion(`unexpected key '${key}' in '${field}'`, key, allKeys, true));
    }
  }
  if (m.type !== "secret" && m.type !== "ssh" && m.type !== "cache") {
    for (const k of ["mode", "uid", "gid"] as const) {
      if (m[k] !== undefined) fail(`${k} not allowed for "${m.type}" type mounts`);
    }
  }
  if (roAuto) m.readOnly = !(m.type === "cache" || m.type === "tmpfs");
  if (m.type === "secret") {
    if (m.from) fail("secret mount should not have a from");
    if (m.sharing) fail("secret mount should not define sharing");
    if (!m.source && !m.target && !m.id) fail("invalid secret mount. one of source, target required");
    if (m.source && m.id) fail("both source and id can't be set");
  }
  if (m.sharing && m.type !== "cache") fail(`invalid cache sharing set for ${m.type} mount`);
  return m;
}

/** Go's strconv.ParseBool. */
function goParseBool(v: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(v)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(v)) return false;
  return undefined;
}

/** Docker's units.RAMInBytes: "64m", "1.5g", "512" (binary multiples). */
function ramInBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(v);
  if (!m) return undefined;
  const n = Number.parseFloat(m[1]!);
  const power = m[2] ? "kmgtp".indexOf(m[2].toLowerCase()) + 1 : 0;
  return Math.floor(n * 1024 ** power);
}
