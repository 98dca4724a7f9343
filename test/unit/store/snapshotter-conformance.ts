// The one conformance suite every Snapshotter driver passes; run by snapshotter-<driver>.test.ts.
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotFound } from "../../../src/lib/index.ts";
import { removeTree, type PreparedSnapshot, type Snapshotter } from "../../../src/store/index.ts";

export const isRoot = process.getuid?.() === 0;

export interface ConformanceOptions {
  make: (root: string) => Snapshotter;
  /** Why this driver's mounts cannot be tried here (the mount tests then skip, saying so). */
  mountSkip?: string;
}

/** Why `unshare` cannot give us a mount namespace here (root: plain; others: in a user namespace). */
export function unshareSkip(): string | undefined {
  if (!Bun.which("unshare")) return "unshare (util-linux) is not installed";
  const args = isRoot ? ["unshare", "-m", "true"] : ["unshare", "-Urm", "true"];
  const p = Bun.spawnSync(args, { stderr: "pipe" });
  return p.exitCode === 0 ? undefined : `${args.join(" ")} failed: ${p.stderr.toString().trim()}`;
}

/**
 * Run `script` (sh) with the snapshot's rootfs at $ROOTFS: for a "dir" snapshot directly, else
 * after really mounting its description inside a new mount namespace (a user namespace too when
 * not root), as the runtime will. Returns stdout; throws with stderr on failure.
 */
export function withRootfs(p: PreparedSnapshot, script: string): string {
  const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", ROOTFS: p.rootfs };
  let cmd: string[];
  if (!p.mount) {
    cmd = ["sh", "-ec", script];
  } else {
    Object.assign(env, { MOUNT_TYPE: p.mount.type, MOUNT_SOURCE: p.mount.source, MOUNT_OPTS: p.mount.options.join(","), PROGRAM: p.mount.program ?? "" });
    const wrapped = `set -e
if [ "$MOUNT_TYPE" = bind ]; then mount --bind "$MOUNT_SOURCE" "$ROOTFS"
elif [ -n "$PROGRAM" ]; then "$PROGRAM" -o "$MOUNT_OPTS" "$ROOTFS"
else mount -t "$MOUNT_TYPE" -o "$MOUNT_OPTS" "$MOUNT_SOURCE" "$ROOTFS"; fi
cd /
set +e
(set -e
${script}
)
rc=$?
umount "$ROOTFS"
exit $rc`;
    cmd = [...(isRoot ? ["unshare", "-m"] : ["unshare", "-Urm"]), "sh", "-c", wrapped];
  }
  const r = Bun.spawnSync(cmd, { env, cwd: p.mount?.cwd ?? "/", stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`rootfs script failed (${r.exitCode}): ${r.stderr.toString()}\nmount: ${JSON.stringify(p.mount)}`);
  return r.stdout.toString();
}

/** Delete `path` as a layer does: a whiteout in an overlay diff, a plain deletion in a full tree. */
function deleteIn(p: PreparedSnapshot, path: string): void {
  const target = join(p.diffDir, path);
  if (p.kind === "dir") {
    rmSync(target, { recursive: true });
    return;
  }
  const r = Bun.spawnSync(["mknod", target, "c", "0", "0"], { stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`whiteout: ${r.stderr.toString()}`);
}

const skipping = (name: string, reason: string | undefined) => {
  if (reason) console.log(`skip: ${name}: ${reason}`);
  return name;
};

export function snapshotterConformance(driver: string, opts: ConformanceOptions): void {
  const base = mkdtempSync(join(tmpdir(), `bunker-snap-${driver}-`));
  afterAll(() => removeTree(base));
  let n = 0;
  const fresh = () => opts.make(join(base, `root${n++}`));

  describe(`Snapshotter conformance: ${driver}`, () => {
    test("keys are validated everywhere", async () => {
      const s = fresh();
      const bad = ["", ".hidden", "../up", "a/b", "with space", "comma,key", "nul\0", "x".repeat(256), "-dash"];
      for (const key of bad) {
        await expect(s.prepare(key, [])).rejects.toBeInstanceOf(InvalidArgument);
        await expect(s.prepare("fine", [key])).rejects.toBeInstanceOf(InvalidArgument);
        await expect(s.commit(key)).rejects.toBeInstanceOf(InvalidArgument);
        await expect(s.remove(key)).rejects.toBeInstanceOf(InvalidArgument);
        await expect(s.mounts(key)).rejects.toBeInstanceOf(InvalidArgument);
        await expect(s.stat(key)).rejects.toBeInstanceOf(InvalidArgument);
      }
      await s.prepare(`sha256:${"a".repeat(64)}`, []);
      await s.prepare("x".repeat(255), []);
      expect((await s.list()).map((i) => i.key).sort()).toEqual(["x".repeat(255), `sha256:${"a".repeat(64)}`].sort());
    });

    test("prepare a base: an empty diff dir, listed as active; mounts() describes it again", async () => {
      const s = fresh();
      const p = await s.prepare("base", []);
      expect(p.key).toBe("base");
      expect(readdirSync(p.diffDir)).toEqual([]);
      expect(existsSync(p.rootfs)).toBe(true);
      expect(await s.stat("base")).toMatchObject({ key: "base", parents: [], committed: false });
      expect(await s.mounts("base")).toEqual(p);
      expect((await s.diffDir("base")).dir).toBe(p.diffDir);
      await s.commit("base");
      expect((await s.stat("base"))!.committed).toBe(true);
      await expect(s.commit("base")).rejects.toBeInstanceOf(Conflict);
      expect(await s.stat("other")).toBeUndefined();
      await expect(s.mounts("other")).rejects.toBeInstanceOf(NotFound);
    });

    test("prepare refuses an existing key, missing or active parents, and a parent list that is not the parent's chain", async () => {
      const s = fresh();
      await s.prepare("a", []);
      await expect(s.prepare("a", [])).rejects.toBeInstanceOf(Conflict);
      await expect(s.prepare("b", ["a"])).rejects.toThrow(/not committed/);
      await s.commit("a");
      await expect(s.prepare("b", ["missing"])).rejects.toBeInstanceOf(NotFound);
      await s.prepare("b", ["a"]);
      await s.commit("b");
      await expect(s.prepare("c", ["b"])).rejects.toThrow(/lies on \[a\], not on \[\]/);
      await expect(s.prepare("c", ["a", "b"])).rejects.toBeInstanceOf(InvalidArgument);
      await expect(s.prepare("c", ["b", "b"])).rejects.toThrow(/repeat/);
      await s.prepare("c", ["b", "a"]);
      expect((await s.list()).map((i) => i.key)).toHaveLength(3);
      expect(readdirSync(s.root).filter((x) => x.startsWith("."))).toEqual([]);
    });

    test.skipIf(opts.mountSkip !== undefined)(skipping("layers stack: a container sees its image's chain through its rootfs; its writes land in its own diff dir", opts.mountSkip), async () => {
      const s = fresh();
      const b = await s.prepare("base", []);
      writeFileSync(join(b.diffDir, "a"), "base a\n");
      writeFileSync(join(b.diffDir, "gone"), "gone\n");
      mkdirSync(join(b.diffDir, "d"));
      writeFileSync(join(b.diffDir, "d", "x"), "dx\n");
      symlinkSync("a", join(b.diffDir, "link"));
      await s.commit("base");
      const l2 = await s.prepare("l2", ["base"]);
      writeFileSync(join(l2.diffDir, "a"), "two a\n");
      writeFileSync(join(l2.diffDir, "b"), "b\n");
      deleteIn(l2, "gone");
      await s.commit("l2");
      const c = await s.prepare("ctr", ["l2", "base"]);
      const seen = withRootfs(c, `cat "$ROOTFS/a" "$ROOTFS/b" "$ROOTFS/d/x"; readlink "$ROOTFS/link"; ls "$ROOTFS" | tr '\\n' ' '; echo
echo new > "$ROOTFS/c"; echo changed > "$ROOTFS/d/x"; rm "$ROOTFS/b"`);
      expect(seen).toBe("two a\nb\ndx\na\na b d link \n");
      // The container's changes are in its diff dir (its whole tree for "dir"), nowhere below.
      const diff = await s.diffDir("ctr");
      expect(readFileSync(join(diff.dir, "c"), "utf8")).toBe("new\n");
      expect(readFileSync(join(diff.dir, "d", "x"), "utf8")).toBe("changed\n");
      if (diff.kind === "overlay") {
        expect(lstatSync(join(diff.dir, "b")).isCharacterDevice()).toBe(true);
        expect(existsSync(join(diff.dir, "a"))).toBe(false);
      } else {
        expect(existsSync(join(diff.dir, "b"))).toBe(false);
        expect(diff.parentDir).toBe(l2.diffDir);
      }
      expect(readFileSync(join(b.diffDir, "d", "x"), "utf8")).toBe("dx\n");
      expect(existsSync(join(b.diffDir, "c")) || existsSync(join(l2.diffDir, "c"))).toBe(false);
      expect(readFileSync(join(l2.diffDir, "b"), "utf8")).toBe("b\n");
      // The same again through the description mounts() rebuilds (after a daemon restart).
      expect(withRootfs(await s.mounts("ctr"), `cat "$ROOTFS/c" "$ROOTFS/a"; test ! -e "$ROOTFS/b"; test ! -e "$ROOTFS/gone"`)).toBe("new\ntwo a\n");
      // Removal leaves nothing, although the mount left work/work at mode 000 when rootless.
      await expect(s.remove("base")).rejects.toThrow(/snapshot base is a parent of (l2|ctr)/);
      await s.remove("ctr");
      await s.remove("l2");
      await s.remove("base");
      expect(readdirSync(s.root)).toEqual([]);
      await expect(s.remove("base")).rejects.toBeInstanceOf(NotFound);
    });

    const opaqueSkip = opts.mountSkip ?? (Bun.which("python3") ? undefined : "python3 (to set an xattr) is not installed");
    test.skipIf(opaqueSkip !== undefined)(skipping("an opaque directory hides what lies below it", opaqueSkip), async () => {
      const s = fresh();
      const b = await s.prepare("base", []);
      mkdirSync(join(b.diffDir, "d"));
      writeFileSync(join(b.diffDir, "d", "old"), "old\n");
      await s.commit("base");
      const l2 = await s.prepare("l2", ["base"]);
      if (l2.kind === "overlay") {
        mkdirSync(join(l2.diffDir, "d"));
        const py = Bun.spawnSync(["python3", "-c", "import os,sys; os.setxattr(sys.argv[1], sys.argv[2], b'y')", join(l2.diffDir, "d"), l2.opaqueXattr!], { stderr: "pipe" });
        if (py.exitCode !== 0) throw new Error(`setxattr ${l2.opaqueXattr}: ${py.stderr.toString()}`);
      } else {
        rmSync(join(l2.diffDir, "d", "old"));
      }
      writeFileSync(join(l2.diffDir, "d", "new"), "new\n");
      await s.commit("l2");
      const c = await s.prepare("ctr", ["l2", "base"]);
      expect(withRootfs(c, `ls "$ROOTFS/d"`)).toBe("new\n");
      await s.remove("ctr");
    });

    test.skipIf(opts.mountSkip !== undefined)(skipping("a chain of 40 layers under a long root path still mounts", opts.mountSkip), async () => {
      const s = opts.make(join(base, "r".repeat(120), "s".repeat(100)));
      const keys: string[] = [];
      for (let i = 0; i < 40; i++) {
        const key = `sha256:${new Bun.CryptoHasher("sha256").update(String(i)).digest("hex")}`;
        const p = await s.prepare(key, [...keys].reverse());
        writeFileSync(join(p.diffDir, `f${i}`), `${i}\n`);
        if (i > 0 && p.kind === "overlay") deleteIn(p, `f${i - 1}`);
        await s.commit(key);
        keys.push(key);
      }
      const c = await s.prepare("ctr", [...keys].reverse());
      const out = withRootfs(c, `ls "$ROOTFS" | tr '\\n' ' '`);
      expect(out).toBe(c.kind === "overlay" ? "f39 " : Array.from({ length: 40 }, (_, i) => `f${i}`).sort().join(" ") + " ");
      await s.remove("ctr");
      for (const key of keys.reverse()) await s.remove(key);
      expect(readdirSync(s.root)).toEqual([]);
    });

    test("remove takes unwritable and unreadable directories with it", async () => {
      const s = fresh();
      const p = await s.prepare("ro", []);
      mkdirSync(join(p.diffDir, "ro", "inner"), { recursive: true });
      writeFileSync(join(p.diffDir, "ro", "inner", "f"), "x");
      chmodSync(join(p.diffDir, "ro", "inner"), 0o555);
      chmodSync(join(p.diffDir, "ro"), 0o000);
      await s.remove("ro");
      expect(readdirSync(s.root)).toEqual([]);
    });

    test("leftovers of an interrupted prepare or remove are invisible, and cleanup deletes them", async () => {
      const s = fresh();
      await s.prepare("keep", []);
      for (const name of [".tmp-0123", ".trash-4567"]) {
        mkdirSync(join(s.root, name, "fs", "locked"), { recursive: true });
        writeFileSync(join(s.root, name, "info.json"), JSON.stringify({ key: "ghost", parents: [], committed: false, created: "" }));
        chmodSync(join(s.root, name, "fs", "locked"), 0);
      }
      expect((await s.list()).map((i) => i.key)).toEqual(["keep"]);
      await s.cleanup();
      expect(readdirSync(s.root)).toHaveLength(1);
      expect((await s.list()).map((i) => i.key)).toEqual(["keep"]);
    });
  });
}
