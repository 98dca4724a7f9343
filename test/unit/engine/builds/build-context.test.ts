import { describe, expect, test } from "bun:test";
import { BuildContext, type ContextEntry } from "../../../../src/engine/builds/build-context.ts";
import { DockerIgnore } from "../../../../src/build/index.ts";

function context(paths: string[]): BuildContext {
  const entries = new Map<string, ContextEntry>();
  entries.set("", { path: "", type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: new Date(0) });
  for (const p of paths) entries.set(p.replace(/\/$/, ""), { path: p.replace(/\/$/, ""), type: p.endsWith("/") ? "dir" : "file", mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), data: new Uint8Array() });
  return new BuildContext(entries);
}

describe("BuildContext.applyIgnore", () => {
  test("an excluded directory stays when an exception lets a file under it back in, with only that file", () => {
    const ctx = context(["Dockerfile", "not-ignored", "ignored/", "ignored/subdir/", "ignored/subdir/file", "ignored/subdir/excepted-file", "ignored/other"]);
    ctx.applyIgnore(new DockerIgnore("ignored\nDockerfile\n!ignored/subdir/excepted-file\n"));
    expect([...ctx.entries.keys()].filter(Boolean).sort()).toEqual(["ignored", "ignored/subdir", "ignored/subdir/excepted-file", "not-ignored"]);
    expect(ctx.children("").map((e) => e.path)).toEqual(["ignored", "not-ignored"]);
    expect(ctx.children("ignored/subdir").map((e) => e.path)).toEqual(["ignored/subdir/excepted-file"]);
  });

  test("an excluded directory with nothing let back in goes with everything under it", () => {
    const ctx = context(["a/", "a/b", "c"]);
    ctx.applyIgnore(new DockerIgnore("a\n"));
    expect([...ctx.entries.keys()].filter(Boolean)).toEqual(["c"]);
  });
});
