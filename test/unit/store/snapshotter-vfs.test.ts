import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, chownSync, linkSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copyTree, removeTree, VfsSnapshotter } from "../../../src/store/index.ts";
import { isRoot, snapshotterConformance } from "./snapshotter-conformance.ts";

snapshotterConformance("vfs", { make: (root) => new VfsSnapshotter(root) });

describe("copyTree (vfs's cp -a)", () => {
  const base = mkdtempSync(join(tmpdir(), "bunker-copytree-"));
  afterAll(() => removeTree(base));

  test("keeps modes, symlinks, hardlinks, special files and times; the source is left as it was", async () => {
    const src = join(base, "src");
    mkdirSync(join(src, "bin"), { recursive: true });
    writeFileSync(join(src, "bin", "su"), "setuid");
    chmodSync(join(src, "bin", "su"), 0o4755);
    writeFileSync(join(src, "shadow"), "secret");
    chmodSync(join(src, "shadow"), 0o000);
    mkdirSync(join(src, "locked"));
    writeFileSync(join(src, "locked", "inside"), "in");
    mkdirSync(join(src, "tmp"));
    chmodSync(join(src, "tmp"), 0o1777);
    writeFileSync(join(src, "one"), "linked");
    linkSync(join(src, "one"), join(src, "bin", "two"));
    symlinkSync("/etc/nowhere", join(src, "dangling"));
    symlinkSync("bin/su", join(src, "rel"));
    expect(Bun.spawnSync(["mkfifo", join(src, "fifo")]).exitCode).toBe(0);
    expect(Bun.spawnSync(["mknod", join(src, "whiteout"), "c", "0", "0"]).exitCode).toBe(0);
    const server = createServer();
    await new Promise<void>((r) => server.listen(join(src, "sock"), r));
    const t = new Date("2001-02-03T04:05:06.789Z");
    utimesSync(join(src, "one"), t, t);
    utimesSync(join(src, "bin", "su"), 1_600_000_000, 1_600_000_000);
    utimesSync(join(src, "bin"), t, t);
    lutimesSync(join(src, "dangling"), t, t);
    chmodSync(join(src, "locked"), 0o000);
    utimesSync(join(src, "locked"), t, t);
    const before = lstatSync(join(src, "shadow"), { bigint: true });

    const dst = join(base, "dst");
    const result = await copyTree(src, dst);
    server.close();
    expect(result.skipped).toEqual([join(src, "sock")]);

    expect(lstatSync(join(dst, "bin", "su")).mode & 0o7777).toBe(0o4755);
    expect(lstatSync(join(dst, "tmp")).mode & 0o7777).toBe(0o1777);
    expect(lstatSync(join(dst, "shadow")).mode & 0o7777).toBe(0);
    expect(lstatSync(join(dst, "locked")).mode & 0o7777).toBe(0);
    chmodSync(join(dst, "shadow"), 0o600);
    expect(readFileSync(join(dst, "shadow"), "utf8")).toBe("secret");
    chmodSync(join(dst, "locked"), 0o700);
    expect(readFileSync(join(dst, "locked", "inside"), "utf8")).toBe("in");
    expect(lstatSync(join(dst, "locked")).mtime.toISOString()).toBe(t.toISOString());
    expect(lstatSync(join(dst, "one")).ino).toBe(lstatSync(join(dst, "bin", "two")).ino);
    expect(lstatSync(join(dst, "one")).ino).not.toBe(lstatSync(join(src, "one")).ino);
    expect(lstatSync(join(dst, "one")).nlink).toBe(2);
    expect(readlinkSync(join(dst, "dangling"))).toBe("/etc/nowhere");
    expect(readlinkSync(join(dst, "rel"))).toBe("bin/su");
    expect(lstatSync(join(dst, "fifo")).isFIFO()).toBe(true);
    expect(lstatSync(join(dst, "whiteout")).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(dst, "whiteout")).rdev).toBe(0);
    expect(lstatSync(join(dst, "one")).mtime.toISOString()).toBe(t.toISOString());
    expect(lstatSync(join(dst, "bin", "su"), { bigint: true }).mtimeNs).toBe(1_000_000_000n * 1_600_000_000n);
    expect(lstatSync(join(dst, "bin")).mtime.toISOString()).toBe(t.toISOString());
    expect(lstatSync(join(dst, "dangling")).mtime.toISOString()).toBe(t.toISOString());
    // The source's unreadable file and directory were opened up only for the copy.
    const after = lstatSync(join(src, "shadow"), { bigint: true });
    expect(after.mode).toBe(before.mode);
    expect(after.mtimeNs).toBe(before.mtimeNs);
    expect(lstatSync(join(src, "locked")).mode & 0o7777).toBe(0);
  });

  const ownerReason = isRoot ? undefined : "needs root to give files to other users";
  if (ownerReason) console.log(`skip: copyTree keeps other owners: ${ownerReason}`);
  test.skipIf(!isRoot)("keeps other owners (root), setuid surviving the chown", async () => {
    const src = join(base, "own");
    mkdirSync(join(src, "d"), { recursive: true });
    writeFileSync(join(src, "d", "f"), "x");
    chownSync(join(src, "d", "f"), 1234, 5678);
    chmodSync(join(src, "d", "f"), 0o6755);
    chownSync(join(src, "d"), 4321, 8765);
    symlinkSync("f", join(src, "d", "l"));
    Bun.spawnSync(["chown", "-h", "2222:3333", join(src, "d", "l")]);
    const dst = join(base, "own-copy");
    await copyTree(src, dst);
    const f = lstatSync(join(dst, "d", "f"));
    expect([f.uid, f.gid, f.mode & 0o7777]).toEqual([1234, 5678, 0o6755]);
    expect([lstatSync(join(dst, "d")).uid, lstatSync(join(dst, "d")).gid]).toEqual([4321, 8765]);
    expect([lstatSync(join(dst, "d", "l")).uid, lstatSync(join(dst, "d", "l")).gid]).toEqual([2222, 3333]);
  });

  test("the destination must not exist", async () => {
    const src = join(base, "exists-src");
    mkdirSync(src);
    await expect(copyTree(src, src)).rejects.toThrow(/EEXIST|exists/);
  });
});
