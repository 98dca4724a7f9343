import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BuildContext, readBuildContext } from "../../../../src/engine/builds/build-context.ts";
import { contextSource } from "../../../../src/engine/builds/copy-source.ts";
import { planCopy, type CopyRequest } from "../../../../src/engine/builds/copy-plan.ts";
import { ImageFs } from "../../../../src/engine/builds/image-fs.ts";
import { TarWriter } from "../../../../src/cli/tar-writer.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A one-layer image filesystem with /etc (a directory) and /link -> /etc. */
function imageFs(): ImageFs {
  const d = mkdtempSync("/tmp/bk-cp-");
  dirs.push(d);
  mkdirSync(join(d, "etc"));
  writeFileSync(join(d, "etc/passwd"), "root:x:0:0::/:/bin/sh\n");
  symlinkSync("/etc", join(d, "link"));
  return new ImageFs([d]);
}

async function context(files: Record<string, string>): Promise<BuildContext> {
  const w = new TarWriter();
  for (const [name, text] of Object.entries(files)) {
    const body = new TextEncoder().encode(text);
    w.add({ name, type: "file", mode: 0o640, mtime: new Date(0), size: body.length }, body);
  }
  return readBuildContext(w.bytes());
}

async function plan(files: Record<string, string>, over: Partial<CopyRequest>) {
  const ctx = await context(files);
  return planCopy({ kind: "COPY", source: contextSource(ctx), sources: [], inline: [], dest: "/", workingDir: "/", owner: { uid: 0, gid: 0 }, unpackArchives: false, target: imageFs(), ...over });
}

describe("COPY's destination rules", () => {
  test("a file to a path, into a directory (trailing slash or existing), relative to WORKDIR", async () => {
    expect((await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/new/b.txt" })).files.map((f) => `${f.type} ${f.path}`)).toEqual(["dir /new", "file /new/b.txt"]);
    expect((await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/etc" })).files.map((f) => f.path)).toEqual(["/etc/a.txt"]);
    expect((await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/link/" })).files.map((f) => f.path)).toEqual(["/etc/a.txt"]);
    expect((await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/link/new.txt" })).files.map((f) => f.path)).toEqual(["/etc/new.txt"]);
    expect((await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "sub/", workingDir: "/etc" })).files.map((f) => f.path)).toEqual(["/etc/sub", "/etc/sub/a.txt"]);
  });

  test("a directory copies its contents; wildcards match one segment; several sources need a directory", async () => {
    const p = await plan({ "d/x.txt": "x", "d/e/y.txt": "y", "z.md": "z" }, { sources: ["d"], dest: "/out" });
    expect(p.files.map((f) => f.path)).toEqual(["/out", "/out/e", "/out/e/y.txt", "/out/x.txt"]);
    const w = await plan({ "a.txt": "a", "b.txt": "b", "c.md": "c", "d/e.txt": "e" }, { sources: ["*.txt"], dest: "/w/" });
    expect(w.files.map((f) => f.path)).toEqual(["/w", "/w/a.txt", "/w/b.txt"]);
    await expect(plan({ "a.txt": "a", "b.txt": "b" }, { sources: ["*.txt"], dest: "/file" })).rejects.toThrow("the destination must be a directory and end with a /");
    await expect(plan({}, { sources: ["missing"], dest: "/" })).rejects.toThrow("COPY failed: file not found in build context or excluded by .dockerignore: stat missing: file does not exist");
    await expect(plan({}, { sources: ["../outside"], dest: "/" })).rejects.toThrow("file not found");
  });

  test("owners and modes as copied go into the checksum; content does too, times do not", async () => {
    const base = await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/a" });
    expect(base.files.at(-1)).toMatchObject({ uid: 0, gid: 0, mode: 0o640 });
    const owned = await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/a", owner: { uid: 5, gid: 6 }, chown: "5:6" });
    const moded = await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/a", chmod: 0o600 });
    const changed = await plan({ "a.txt": "B" }, { sources: ["a.txt"], dest: "/a" });
    const same = await plan({ "a.txt": "A" }, { sources: ["a.txt"], dest: "/a" });
    expect(new Set([base.checksum, owned.checksum, moded.checksum, changed.checksum]).size).toBe(4);
    expect(same.checksum).toBe(base.checksum);
    expect(owned.comment).toBe(`COPY --chown=5:6 file:${owned.checksum} in /a `);
  });
});
