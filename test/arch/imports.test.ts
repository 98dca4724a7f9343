/**
 * DESIGN.md's import rules, enforced on every TypeScript file under src/:
 * - the "may import" table of "Subsystems (src/)" (plus the deviations written in _check-imports.ts);
 * - cross-folder imports go through the folder's index.ts; `_name.ts` is private to its folder;
 * - only src/sys/ imports bun:ffi.
 * The checker is first tested on small in-memory fixtures, so each rule is known to bite.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { checkFile, checkImports, deviations, formatViolation, importTable, type Rule, type SourceFile } from "./_check-imports.ts";
import { scanImports } from "./_scan-imports.ts";

const repo = resolve(import.meta.dir, "../..");

function srcFiles(): SourceFile[] {
  const glob = new Bun.Glob("src/**/*.{ts,tsx,mts,cts}");
  return [...glob.scanSync({ cwd: repo, dot: true })]
    .map((p) => p.split("\\").join("/"))
    .sort()
    .map((path) => ({ path, source: readFileSync(join(repo, path), "utf8") }));
}

describe("src/ follows DESIGN.md's import rules", () => {
  const files = srcFiles();

  test("the scan sees the source tree", () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain("src/main.ts");
    expect(paths).toContain("src/lib/index.ts");
    expect(paths.length).toBeGreaterThan(10);
  });

  test("no file breaks an import rule", () => {
    const report = checkImports(files).map(formatViolation);
    if (report.length > 0) {
      console.error(`${report.length} import rule violation(s) in src/ (see DESIGN.md, "Subsystems (src/)"):\n  ${report.join("\n  ")}`);
    }
    expect(report).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The checker itself.

function violations(path: string, source: string) {
  return checkFile({ path, source });
}
function rules(path: string, source: string): Rule[] {
  return violations(path, source).map((v) => v.rule);
}

describe("import scanner", () => {
  test("finds static, multi-line, side-effect, re-export, dynamic and require references with lines", () => {
    const src = [
      `import { a } from "./a.ts";`, // 1
      `import {`, // 2
      `  b,`, // 3
      `  c,`, // 4
      `} from "./bc.ts";`, // 5
      `import "./side.ts";`, // 6
      `export * from "./star.ts";`, // 7
      `export { d } from "./d.ts";`, // 8
      `export * as ns from "./ns.ts";`, // 9
      `const lazy = () => import("./lazy.ts");`, // 10
      "const tpl = () => import(`./tpl.ts`);", // 11
      `const req = require("./req.ts");`, // 12
      `console.log(a, b, c, lazy, tpl, req);`,
    ].join("\n");
    const found = scanImports("src/x/f.ts", src);
    expect(found.problems).toEqual([]);
    expect(found.imports.map((i) => [i.specifier, i.line, i.kind, i.typeOnly])).toEqual([
      ["./a.ts", 1, "import", false],
      ["./bc.ts", 5, "import", false],
      ["./side.ts", 6, "import", false],
      ["./star.ts", 7, "export-from", false],
      ["./d.ts", 8, "export-from", false],
      ["./ns.ts", 9, "export-from", false],
      ["./lazy.ts", 10, "dynamic-import", false],
      ["./tpl.ts", 11, "dynamic-import", false],
      ["./req.ts", 12, "require", false],
    ]);
  });

  test("tells type-only references from value ones", () => {
    const src = [
      `import type { A } from "./t1.ts";`,
      `import { type B, type C } from "./t2.ts";`,
      `export type { D } from "./t3.ts";`,
      `export { type E } from "./t4.ts";`,
      `export type * from "./t5.ts";`,
      `type F = import("./t6.ts").F;`,
      `import { type G, h } from "./v1.ts";`,
      `import {} from "./v2.ts";`,
      `import i, { type J } from "./v3.ts";`,
      `export { type K, l } from "./v4.ts";`,
      `console.log(h, i);`,
    ].join("\n");
    const found = scanImports("src/x/f.ts", src);
    expect(found.problems).toEqual([]);
    const typeOnly = found.imports.filter((i) => i.typeOnly).map((i) => i.specifier);
    const value = found.imports.filter((i) => !i.typeOnly).map((i) => i.specifier);
    expect(typeOnly).toEqual(["./t1.ts", "./t2.ts", "./t3.ts", "./t4.ts", "./t5.ts", "./t6.ts"]);
    expect(value).toEqual(["./v1.ts", "./v2.ts", "./v3.ts", "./v4.ts"]);
  });

  test("everything in a .d.ts is type-only", () => {
    const found = scanImports("src/x/f.d.ts", `import x from "./x.ts";\nexport declare const y: typeof x;\n`);
    expect(found.imports.map((i) => i.typeOnly)).toEqual([true]);
  });

  test("a computed dynamic import is reported, not skipped", () => {
    const found = scanImports("src/x/f.ts", `const name = "./x.ts";\nawait import(name);\n`);
    expect(found.problems).toHaveLength(1);
    expect(found.problems[0]!.line).toBe(2);
  });

  test("a #! line does not hide the imports below it", () => {
    const found = scanImports("src/main.ts", `#!/usr/bin/env bun\nimport { a } from "./lib/index.ts";\nconsole.log(a);\n`);
    expect(found.problems).toEqual([]);
    expect(found.imports.map((i) => [i.specifier, i.line])).toEqual([["./lib/index.ts", 2]]);
  });

  test("unparsable source is reported", () => {
    expect(scanImports("src/x/f.ts", `import { from "./x.ts"`).problems.length).toBeGreaterThan(0);
  });
});

describe("import checker", () => {
  test("allowed imports pass", () => {
    expect(violations("src/store/blobs.ts", `import { a } from "../lib/index.ts";\nimport { b } from "../sys/index.ts";\n`)).toEqual([]);
    expect(violations("src/cli/info.ts", `import { c } from "../client/index.ts";\nimport type { D } from "../lib/index.ts";\n`)).toEqual([]);
    expect(violations("src/engine/images.ts", `export { e } from "../image/index.ts";\nconst f = () => import("../net/index.ts");\n`)).toEqual([]);
  });

  test("the violation names file, line, import and rule", () => {
    const [v, ...rest] = violations("src/lib/log.ts", `\n\nimport { x } from "../config/index.ts";\n`);
    expect(rest).toEqual([]);
    expect(v).toMatchObject({ file: "src/lib/log.ts", line: 3, specifier: "../config/index.ts", rule: "import-table" });
    expect(formatViolation(v!)).toBe(
      `src/lib/log.ts:3  [import-table]  import "../config/index.ts": lib/ may not import config/ (lib/ may import: nothing internal)`,
    );
  });

  test("a forbidden folder fails, for every kind of reference", () => {
    expect(rules("src/cli/run.ts", `import { x } from "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/cli/run.ts", `import type { X } from "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/cli/run.ts", `import "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/cli/run.ts", `export * from "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/cli/run.ts", `export {} from "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/cli/run.ts", `const m = await import("../engine/index.ts");`)).toEqual(["import-table"]);
    expect(rules("src/api/x.ts", `import { s } from "../store/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/build/x.ts", `import { s } from "../runtime/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/engine/x.ts", `import { s } from "../api/index.ts";`)).toEqual(["import-table"]);
  });

  test("a subfolder belongs to its subsystem", () => {
    expect(rules("src/runtime/cgroups/v3.ts", `import { a } from "../../sys/index.ts";`)).toEqual([]);
    expect(rules("src/runtime/cgroups/v3.ts", `import { a } from "../../store/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/runtime/cgroups/v3.ts", `import { a } from "../idmap/subids.ts";`)).toEqual([]);
  });

  test("a deep cross-folder import fails; an index.ts import passes", () => {
    expect(rules("src/engine/x.ts", `import { s } from "../store/blobs.ts";`)).toEqual(["index"]);
    expect(rules("src/engine/x.ts", `import { s } from "../store/gc/index.ts";`)).toEqual(["index"]);
    expect(rules("src/engine/x.ts", `import { s } from "../store";`)).toEqual(["index"]);
    expect(rules("src/engine/x.ts", `export type { S } from "../store/types.ts";`)).toEqual(["index"]);
    expect(rules("src/engine/x.ts", `import { s } from "../store/index.ts";`)).toEqual([]);
    expect(rules("src/main.ts", `import { s } from "./store/blobs.ts";`)).toEqual(["index"]);
  });

  test("a private _file is private to its folder", () => {
    expect(rules("src/runtime/cgroups/detect.ts", `import { v1 } from "./_v1.ts";`)).toEqual([]);
    expect(rules("src/runtime/cgroups/deeper/x.ts", `import { v1 } from "../_v1.ts";`)).toEqual([]);
    expect(rules("src/runtime/host-facts.ts", `import { v1 } from "./cgroups/_v1.ts";`)).toEqual(["private"]);
    expect(rules("src/runtime/idmap/x.ts", `import type { V } from "../cgroups/_v1.ts";`)).toEqual(["private"]);
    expect(rules("src/engine/x.ts", `import { f } from "../sys/_ffi.ts";`)).toEqual(["private", "index"]);
    expect(rules("src/lib/x.ts", `import { f } from "../_private.ts";`)).toEqual(["private", "root-file"]);
  });

  test("a type-only folder accepts only type-only imports", () => {
    expect(rules("src/image/x.ts", `import type { Store } from "../store/index.ts";`)).toEqual([]);
    expect(rules("src/image/x.ts", `import { type Store, type Blob } from "../store/index.ts";`)).toEqual([]);
    expect(rules("src/client/x.ts", `export type { InfoWire } from "../api/index.ts";`)).toEqual([]);
    expect(rules("src/client/x.ts", `type W = import("../api/index.ts").InfoWire;`)).toEqual([]);
    expect(rules("src/image/x.ts", `import { Store } from "../store/index.ts";`)).toEqual(["type-only"]);
    expect(rules("src/image/x.ts", `import { type Store, blob } from "../store/index.ts";`)).toEqual(["type-only"]);
    expect(rules("src/client/x.ts", `export * from "../api/index.ts";`)).toEqual(["type-only"]);
    expect(rules("src/client/x.ts", `const api = await import("../api/index.ts");`)).toEqual(["type-only"]);
  });

  test("only src/sys/ imports bun:ffi, even for types", () => {
    expect(rules("src/sys/_ffi.ts", `import { dlopen } from "bun:ffi";`)).toEqual([]);
    expect(rules("src/sys/deep/x.ts", `import { dlopen } from "bun:ffi";`)).toEqual([]);
    expect(rules("src/runtime/x.ts", `import { dlopen } from "bun:ffi";`)).toEqual(["bun-ffi"]);
    expect(rules("src/lib/x.ts", `import type { Pointer } from "bun:ffi";`)).toEqual(["bun-ffi"]);
    expect(rules("src/main.ts", `const ffi = await import("bun:ffi");`)).toEqual(["bun-ffi"]);
    expect(rules("src/lib/x.ts", `import { x } from "node:fs";\nimport * as v from "valibot";\nimport { $ } from "bun";`)).toEqual([]);
  });

  test("a folder missing from the table fails, both as importer and as target", () => {
    expect(rules("src/plugins/x.ts", `export const x = 1;`)).toEqual(["unknown-folder"]);
    expect(rules("src/engine/x.ts", `import { p } from "../plugins/index.ts";`)).toEqual(["unknown-folder"]);
  });

  test("the root may import any subsystem, but subsystems may not import the root", () => {
    expect(rules("src/main.ts", `import { a } from "./cli/index.ts";\nconst d = await import("./daemon/index.ts");`)).toEqual([]);
    expect(rules("src/cli/x.ts", `import { main } from "../main.ts";`)).toEqual(["root-file"]);
  });

  test("references outside src/ are limited", () => {
    expect(rules("src/lib/version.ts", `import pkg from "../../package.json" with { type: "json" };`)).toEqual([]);
    expect(rules("src/sys/_ffi.ts", `import so from "../../ffi/build/libbunker.so" with { type: "file" };`)).toEqual([]);
    expect(rules("src/store/x.ts", `import so from "../../ffi/build/libbunker.so" with { type: "file" };`)).toEqual(["outside-src"]);
    expect(rules("src/lib/x.ts", `import { h } from "../../test/helpers/temp-dirs.ts";`)).toEqual(["outside-src"]);
  });

  test("the daemon → sys, cli → build and cli → setup deviations are written down with their reasons, and only those", () => {
    expect(rules("src/daemon/lock.ts", `import { lockFile } from "../sys/index.ts";`)).toEqual([]);
    expect(rules("src/daemon/x.ts", `import { s } from "../store/index.ts";`)).toEqual(["import-table"]);
    expect(deviations.map((d) => `${d.from}->${d.to}`)).toEqual(["daemon->sys", "cli->build", "cli->setup"]);
    expect(deviations[0]!.reason).toContain("flock");
    expect(deviations[1]!.reason).toContain(".dockerignore");
    expect(deviations[2]!.reason).toContain("bunker setup");
    expect(importTable.daemon!.value).not.toContain("sys");
  });

  test("setup/ holds the host checks: the engine and (by deviation) the CLI use it; it reaches below the engine only", () => {
    expect(rules("src/engine/system.ts", `import { engineWarnings } from "../setup/index.ts";`)).toEqual([]);
    expect(rules("src/cli/setup.ts", `import { runChecks } from "../setup/index.ts";`)).toEqual([]);
    expect(rules("src/setup/x.ts", `import { collectHostFacts } from "../runtime/index.ts";\nimport { chooseSnapshotter } from "../store/index.ts";`)).toEqual([]);
    expect(rules("src/setup/x.ts", `import { createEngine } from "../engine/index.ts";`)).toEqual(["import-table"]);
    expect(rules("src/api/x.ts", `import { runChecks } from "../setup/index.ts";`)).toEqual(["import-table"]);
  });

  test("all violations are reported together", () => {
    const files: SourceFile[] = [
      { path: "src/lib/a.ts", source: `import { c } from "../config/index.ts";\nimport { d } from "bun:ffi";` },
      { path: "src/api/b.ts", source: `import { e } from "../engine/containers.ts";` },
    ];
    expect(checkImports(files).map((v) => `${v.file}:${v.line}:${v.rule}`)).toEqual([
      "src/lib/a.ts:1:import-table",
      "src/lib/a.ts:2:bun-ffi",
      "src/api/b.ts:1:index",
    ]);
  });
});
