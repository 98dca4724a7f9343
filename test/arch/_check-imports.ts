/**
 * The import rules of DESIGN.md ("Subsystems (src/)" and the rules under it), as a checker over
 * in-memory files so that it can be tested on fixtures as well as run on the real src/.
 *
 * A file's subsystem is the first path segment under src/ (src/runtime/cgroups/x.ts belongs to
 * runtime). Files directly in src/ (main.ts) are the entry and composition root.
 */
import { posix } from "node:path";
import { scanImports, type ImportRef } from "./_scan-imports.ts";

/** What each subsystem may import, as in DESIGN.md's table. Same-subsystem imports are always allowed. */
export interface Allowed {
  value: readonly string[];
  /** Subsystems this one may import only with type-only imports. */
  typeOnly?: readonly string[];
}

export const importTable: Readonly<Record<string, Allowed>> = {
  lib: { value: [] },
  config: { value: ["lib"] },
  sys: { value: ["lib"] },
  image: { value: ["lib", "config"], typeOnly: ["store"] },
  store: { value: ["lib", "config", "sys"] },
  runtime: { value: ["lib", "config", "sys"] },
  net: { value: ["lib", "config", "sys"] },
  build: { value: ["lib", "image"] },
  // Pure Kubernetes manifest conversions (YAML, schema validation) for `bunker kube`.
  kube: { value: ["lib"] },
  // "any subsystem's index.ts": read as every subsystem below the engine. api/, daemon/, client/
  // and cli/ are the outer layers built on top of it (api and daemon import engine), so the
  // engine importing them would be a cycle.
  // setup/: the host checks and their fixes; the engine shows its problems in GET /info.
  setup: { value: ["lib", "config", "sys", "store", "runtime"] },
  engine: { value: ["lib", "config", "sys", "image", "store", "runtime", "net", "build", "setup"] },
  api: { value: ["engine", "lib"] },
  daemon: { value: ["api", "engine", "config", "lib"] },
  client: { value: ["lib"], typeOnly: ["api"] },
  cli: { value: ["client", "config", "kube", "lib"] },
};

/** Agreed departures from DESIGN.md's table, each with its reason. Remove one once DESIGN.md says it. */
export const deviations: readonly { from: string; to: string; reason: string }[] = [
  {
    from: "daemon",
    to: "sys",
    reason:
      "the one-daemon lock is an flock taken through the C helper (sys' lockFile), and the composition root " +
      "owns that lock; proposed as a DESIGN.md change (daemon: api, engine, config, sys, lib)",
  },
  {
    from: "cli",
    to: "build",
    reason:
      "`bunker build` applies .dockerignore while it packs the context, as the docker CLI does (ignored trees are " +
      "never read or sent); the matcher is build/'s pure DockerIgnore, the same one the daemon uses; proposed as a " +
      "DESIGN.md change (cli: client, config, build, lib)",
  },
  {
    from: "cli",
    to: "setup",
    reason:
      "`bunker setup` judges the host it runs on, before any daemon may start (the daemon failing is what it " +
      "diagnoses), so it runs setup/'s checks and fixes in the CLI process; proposed as a DESIGN.md change " +
      "(cli: client, config, setup, lib)",
  },
];

/** Files outside src/ that src/ may reference, and which subsystems may (undefined: any). */
const outsideSrc: readonly { matches: (path: string) => boolean; only?: string; why: string }[] = [
  { matches: (p) => p === "package.json", why: "version metadata" },
  { matches: (p) => p.startsWith("ffi/"), only: "sys", why: "sys/ is the one module that loads the ffi/ helper" },
];

export type Rule =
  | "import-table" // folder A may not import folder B
  | "type-only" // folder A may import folder B only with type-only imports
  | "index" // cross-folder imports go through the folder's index.ts
  | "private" // _name.ts is private to its folder
  | "bun-ffi" // only src/sys/ imports bun:ffi
  | "unknown-folder" // a folder under src/ that the table does not list
  | "root-file" // subsystems do not import the composition root (files directly in src/)
  | "outside-src" // src/ references a file outside src/ it has no business with
  | "unchecked"; // an import the checker cannot resolve or vouch for

export interface Violation {
  file: string;
  line?: number;
  specifier?: string;
  rule: Rule;
  message: string;
}

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes: "src/store/index.ts". */
  path: string;
  source: string;
}

const ROOT = "(src root)";

/** The subsystem of a path under src/, ROOT for a file directly in src/, undefined outside src/. */
export function subsystemOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== "src" || parts.length < 2) return undefined;
  return parts.length === 2 ? ROOT : parts[1];
}

function allowedAccess(from: string, to: string): "value" | "type" | undefined {
  const row = importTable[from];
  if (!row) return undefined;
  if (row.value.includes(to) || deviations.some((d) => d.from === from && d.to === to)) return "value";
  if (row.typeOnly?.includes(to)) return "type";
  return undefined;
}

function describe(ref: ImportRef): string {
  return `${ref.typeOnly ? "type-only " : ""}${ref.kind} "${ref.specifier}"`;
}

export function checkFile(file: SourceFile): Violation[] {
  const from = subsystemOf(file.path);
  if (from === undefined) throw new Error(`not a file under src/: ${file.path}`);
  const out: Violation[] = [];
  const fail = (rule: Rule, message: string, ref?: ImportRef | { line?: number }) =>
    out.push({
      file: file.path,
      line: ref?.line,
      specifier: ref && "specifier" in ref ? ref.specifier : undefined,
      rule,
      message,
    });

  if (from !== ROOT && !(from in importTable)) {
    fail("unknown-folder", `src/${from}/ is not in DESIGN.md's import table; add it there and in test/arch before using it`);
  }

  const scanned = scanImports(file.path, file.source);
  for (const p of scanned.problems) fail("unchecked", p.message, p);

  for (const ref of scanned.imports) {
    const spec = ref.specifier;
    const what = describe(ref);

    if (spec === "bun:ffi") {
      if (from !== "sys") fail("bun-ffi", `${what}: only src/sys/ may import bun:ffi`, ref);
      continue;
    }
    if (spec.startsWith("/")) {
      fail("unchecked", `${what}: absolute paths are not allowed; use a relative path`, ref);
      continue;
    }
    if (!spec.startsWith(".")) continue; // node:*, bun:*, npm packages

    const target = posix.normalize(posix.join(posix.dirname(file.path), spec));
    // An extensionless "../store" names a folder (or a file Bun would have to guess): judge it as a folder.
    const to = subsystemOf(posix.extname(target) ? target : `${target}/`);

    if (to === undefined) {
      const allowed = outsideSrc.find((o) => o.matches(target));
      if (!allowed) fail("outside-src", `${what} reaches ${target}, outside src/; src/ does not import it`, ref);
      else if (allowed.only && allowed.only !== from) {
        fail("outside-src", `${what} reaches ${target}: only src/${allowed.only}/ may (${allowed.why})`, ref);
      }
      continue;
    }

    const base = posix.basename(target);
    if (base.startsWith("_")) {
      const home = posix.dirname(target);
      const importerDir = posix.dirname(file.path);
      // Same subsystem, and the importer lives in that folder or below it.
      const inside = to === from && (importerDir === home || importerDir.startsWith(`${home}/`));
      if (!inside) {
        fail("private", `${what}: ${base} is private to ${home}/`, ref);
      }
    }

    if (to === from) continue; // inside one subsystem, any file may import any file of it

    if (to === ROOT) {
      fail("root-file", `${what}: ${target} is the composition root; subsystems do not import files directly in src/`, ref);
      continue;
    }
    if (target !== `src/${to}/index.ts`) {
      fail("index", `${what}: import another folder through its index, src/${to}/index.ts, not ${target}`, ref);
    }
    if (!(to in importTable)) {
      fail("unknown-folder", `${what}: src/${to}/ is not in DESIGN.md's import table`, ref);
      continue;
    }
    if (from === ROOT || !(from in importTable)) continue; // the root may import anything; unknown folder already reported

    const access = allowedAccess(from, to);
    if (access === undefined) {
      const row = importTable[from]!;
      const may = [...row.value, ...(row.typeOnly ?? []).map((s) => `type-only ${s}`)];
      fail("import-table", `${what}: ${from}/ may not import ${to}/ (${from}/ may import: ${may.join(", ") || "nothing internal"})`, ref);
    } else if (access === "type" && !ref.typeOnly) {
      fail("type-only", `${what}: ${from}/ may import ${to}/ only with type-only imports (import type / export type)`, ref);
    }
  }
  return out;
}

export function checkImports(files: readonly SourceFile[]): Violation[] {
  return files.flatMap(checkFile);
}

export function formatViolation(v: Violation): string {
  return `${v.file}${v.line ? `:${v.line}` : ""}  [${v.rule}]  ${v.message}`;
}
