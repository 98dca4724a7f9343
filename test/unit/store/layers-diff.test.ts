import { afterAll, describe, expect, test } from "bun:test";
import { linkSync, mkdirSync, symlinkSync, utimesSync, writeFileSync, chmodSync, lutimesSync } from "node:fs";
import { join } from "node:path";
import tar from "tar-stream";
import { diffDirectory, unpackLayer } from "../../../src/store/layers/index.ts";
import { buildTar, chunked, inNamespace, isRoot, libcSys, overlayExtra, overlayWorks, removeAll, tempDir, treeListing, type TarEntry } from "./_layers-fixtures.ts";

const work = tempDir("bk-lay-diff-");
afterAll(() => removeAll(work));
const sys = libcSys();
const prefix = isRoot ? "trusted" : "user";

async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) parts.push(c);
  return Buffer.concat(parts);
}

async function entriesOf(tarBytes: Uint8Array): Promise<string[]> {
  const ex = tar.extract();
  const out: string[] = [];
  const done = (async () => {
    for await (const e of ex) {
      const h = e.header;
      out.push(`${h.name} ${h.type}${h.linkname ? ` -> ${h.linkname}` : ""}`);
      e.resume();
    }
  })();
  ex.end(tarBytes);
  await done;
  return out;
}

const lower: TarEntry[] = [
  { name: "bin/", type: "directory" },
  { name: "bin/tool", body: "v1", mode: 0o755 },
  { name: "etc/", type: "directory" },
  { name: "etc/passwd", body: "root" },
  { name: "etc/old", body: "old" },
  { name: "cache/", type: "directory" },
  { name: "cache/stale", body: "stale" },
  { name: "cache/deep/", type: "directory" },
  { name: "cache/deep/x", body: "x" },
  { name: "xw", body: "to be whited out the 6.7 way" },
];

describe("diffDirectory", () => {
  test("an upper directory with every kind of change becomes a Docker layer, and applies back to the same tree", async () => {
    const base = join(work, "synthetic");
    const lowerDir = join(base, "lower");
    await unpackLayer(chunked(await buildTar(lower)), lowerDir, { sys });
    // the upper layer as overlayfs leaves it
    const up = join(base, "upper");
    mkdirSync(join(up, "bin"), { recursive: true });
    mkdirSync(join(up, "etc"));
    mkdirSync(join(up, "cache"));
    mkdirSync(join(up, `deep/${"n".repeat(90)}/${"m".repeat(90)}`), { recursive: true });
    writeFileSync(join(up, "bin/tool"), "v2 is longer");
    chmodSync(join(up, "bin/tool"), 0o4711);
    linkSync(join(up, "bin/tool"), join(up, "bin/tool-alias"));
    symlinkSync("/usr/bin/env", join(up, "bin/env"));
    lutimesSync(join(up, "bin/env"), 1_600_000_100, 1_600_000_100);
    sys.mknod(join(up, "etc/old"), "c", 0, 0, 0); // overlay's whiteout
    writeFileSync(join(up, "xw"), ""); // a 6.7+ xattr whiteout
    sys.lsetxattr!(join(up, "xw"), `${prefix}.overlay.whiteout`, new Uint8Array(0));
    sys.lsetxattr!(join(up, "cache"), `${prefix}.overlay.opaque`, Buffer.from("y"));
    sys.lsetxattr!(join(up, "cache"), `${prefix}.overlay.origin`, Buffer.from([0, 1, 0xfb])); // overlay's own: not exported
    writeFileSync(join(up, "cache/fresh"), "fresh");
    sys.lsetxattr!(join(up, "cache/fresh"), "user.bin", new Uint8Array([0xff, 0x00, 0x80]));
    sys.mknod(join(up, "etc/fifo"), "p", 0o640, 0, 0);
    writeFileSync(join(up, `deep/${"n".repeat(90)}/${"m".repeat(90)}/été`), "long and non-ASCII");
    for (const [p, t] of [["bin/tool", 1_600_000_001], ["cache/fresh", 1_600_000_002], ["etc/fifo", 1_600_000_003], [`deep/${"n".repeat(90)}/${"m".repeat(90)}/été`, 1_600_000_004], ["bin", 1_600_000_005], ["etc", 1_600_000_006], ["cache", 1_600_000_007]] as const) utimesSync(join(up, p), t, t);

    const layer = await bytesOf(diffDirectory(up, { sys }));
    const entries = await entriesOf(layer);
    expect(entries).toContain("bin/tool-alias link -> bin/tool");
    expect(entries).toContain("bin/env symlink -> /usr/bin/env");
    expect(entries).toContain("etc/.wh.old file");
    expect(entries).toContain(".wh.xw file");
    expect(entries).toContain("cache/.wh..wh..opq file");
    expect(entries.indexOf("cache/ directory")).toBeLessThan(entries.indexOf("cache/.wh..wh..opq file"));
    expect(entries).toContain("etc/fifo fifo");
    expect(entries).toContain(`deep/${"n".repeat(90)}/${"m".repeat(90)}/été file`);

    // expected: lower with the changes made by hand
    const want = join(base, "want");
    await unpackLayer(chunked(await buildTar(lower)), want, { sys });
    const got = join(base, "got");
    await unpackLayer(chunked(await buildTar(lower)), got, { sys });
    const r = await unpackLayer(chunked(layer), got, { sys, whiteoutFormat: "vfs" });
    expect(r.skipped).toEqual([]);
    const { rmSync } = await import("node:fs");
    rmSync(join(want, "etc/old"));
    rmSync(join(want, "xw"));
    rmSync(join(want, "cache"), { recursive: true });
    mkdirSync(join(want, "cache"));
    writeFileSync(join(want, "cache/fresh"), "fresh");
    sys.lsetxattr!(join(want, "cache/fresh"), "user.bin", new Uint8Array([0xff, 0x00, 0x80]));
    writeFileSync(join(want, "bin/tool"), "v2 is longer");
    chmodSync(join(want, "bin/tool"), 0o4711);
    linkSync(join(want, "bin/tool"), join(want, "bin/tool-alias"));
    symlinkSync("/usr/bin/env", join(want, "bin/env"));
    lutimesSync(join(want, "bin/env"), 1_600_000_100, 1_600_000_100);
    sys.mknod(join(want, "etc/fifo"), "p", 0o640, 0, 0);
    mkdirSync(join(want, `deep/${"n".repeat(90)}/${"m".repeat(90)}`), { recursive: true });
    writeFileSync(join(want, `deep/${"n".repeat(90)}/${"m".repeat(90)}/été`), "long and non-ASCII");
    for (const [p, t] of [["bin/tool", 1_600_000_001], ["cache/fresh", 1_600_000_002], ["etc/fifo", 1_600_000_003], [`deep/${"n".repeat(90)}/${"m".repeat(90)}/été`, 1_600_000_004], ["bin", 1_600_000_005], ["etc", 1_600_000_006], ["cache", 1_600_000_007]] as const) utimesSync(join(want, p), t, t);
    for (const d of ["deep", `deep/${"n".repeat(90)}`, `deep/${"n".repeat(90)}/${"m".repeat(90)}`]) utimesSync(join(want, d), 1, 1);
    for (const d of ["deep", `deep/${"n".repeat(90)}`, `deep/${"n".repeat(90)}/${"m".repeat(90)}`]) utimesSync(join(got, d), 1, 1);
    chmodSync(join(want, "cache"), 0o755);
    expect(treeListing(got, { dirMtimes: true, owners: true, xattrs: sys })).toEqual(treeListing(want, { dirMtimes: true, owners: true, xattrs: sys }));
  });

  test("owners are mapped back through the id map; an id outside it is refused", async () => {
    if (!isRoot) return console.log("skip: making files owned by other ids needs root");
    const up = join(work, "owners");
    mkdirSync(up);
    writeFileSync(join(up, "f"), "x");
    const { chownSync } = await import("node:fs");
    chownSync(join(up, "f"), 101_000, 100_100);
    const idMap = { uidMap: [{ inside: 0, outside: 100_000, count: 65_536 }], gidMap: [{ inside: 0, outside: 100_000, count: 65_536 }] };
    const ex = tar.extract();
    const headers: { uid: number; gid: number }[] = [];
    const done = (async () => {
      for await (const e of ex) {
        headers.push({ uid: e.header.uid, gid: e.header.gid });
        e.resume();
      }
    })();
    ex.end(await bytesOf(diffDirectory(up, { idMap })));
    await done;
    expect(headers).toEqual([{ uid: 1000, gid: 100 }]);
    chownSync(join(up, "f"), 5, 5);
    await expect(bytesOf(diffDirectory(up, { idMap }))).rejects.toThrow(/diff: f: uid 5 is not in the id map/);
  });

  test("round trip through a real overlay: unpack, change files in the mount, diff the upper, apply to a copy", async () => {
    const dir = join(work, "overlay");
    mkdirSync(dir);
    const why = overlayWorks(dir);
    if (why) return console.log(`skip: overlayfs cannot be mounted here (${why})`);
    await unpackLayer(chunked(await buildTar(lower)), join(dir, "lower"), { sys, whiteoutFormat: "overlay" });
    mkdirSync(join(dir, "upper"));
    mkdirSync(join(dir, "work"));
    mkdirSync(join(dir, "merged"));
    // the same changes, made in the overlay and in a plain copy
    const changes = (root: string) =>
      [
        `cd ${root}`,
        `rm etc/old`,
        `rm -r cache && mkdir cache && echo new > cache/n`,
        `echo v2 > bin/tool && chmod 4755 bin/tool && ln bin/tool bin/alias`,
        `ln -s ../etc/passwd bin/pw`,
        `mkdir -p a/b && echo deep > a/b/c && mkfifo a/fifo`,
        `mv etc/passwd etc/passwd2`,
        `touch -h -d @1600000000 bin/tool bin/pw cache/n a/b/c a/fifo etc/passwd2`,
      ].join(" && ");
    const r = inNamespace(`cd ${dir}\nmount -t overlay overlay -o lowerdir=lower,upperdir=upper,workdir=work${overlayExtra} merged\n${changes(join(dir, "merged"))}\ncd /\numount ${join(dir, "merged")}`);
    expect(r.out).toBe("");
    expect(r.ok).toBe(true);
    await unpackLayer(chunked(await buildTar(lower)), join(dir, "want"), { sys });
    const w = Bun.spawnSync(["sh", "-ec", changes(join(dir, "want"))], { stderr: "pipe" });
    expect(w.stderr.toString()).toBe("");
    const layer = await bytesOf(diffDirectory(join(dir, "upper"), { sys }));
    const entries = await entriesOf(layer);
    expect(entries).toContain("etc/.wh.old file");
    expect(entries).toContain("etc/.wh.passwd file");
    expect(entries).toContain("cache/.wh..wh..opq file");
    await unpackLayer(chunked(await buildTar(lower)), join(dir, "got"), { sys });
    await unpackLayer(chunked(layer), join(dir, "got"), { sys, whiteoutFormat: "vfs" });
    expect(treeListing(join(dir, "got"), { xattrs: sys })).toEqual(treeListing(join(dir, "want"), { xattrs: sys }));
  });

  test("a cancelled diff stream stops without hanging", async () => {
    const up = join(work, "cancel");
    mkdirSync(up);
    for (let i = 0; i < 50; i++) writeFileSync(join(up, `f${i}`), new Uint8Array(100_000));
    const stream = diffDirectory(up, { sys });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
  });
});
