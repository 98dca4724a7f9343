import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { unpackLayer, type UnpackOptions } from "../../../src/store/layers/index.ts";
import { buildTar, chunked, isRoot, libcSys, removeAll, sha256, tempDir, treeListing, type TarEntry } from "./_layers-fixtures.ts";

const work = tempDir("bk-lay-unpack-");
afterAll(() => removeAll(work));
let n = 0;
const fresh = () => join(work, `d${n++}`);
const sys = libcSys();

const big = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => (i * 7919) % 251);

const everyType: TarEntry[] = [
  { name: "bin/", type: "directory", mode: 0o755, mtime: 1_500_000_000 },
  { name: "bin/su", body: "#!/bin/sh\n", mode: 0o4755, mtime: 1_500_000_001 },
  { name: "bin/wall", body: "w", mode: 0o2755, mtime: 1_500_000_002 },
  { name: "bin/sh", type: "symlink", linkname: "/bin/busybox", mtime: 1_500_000_003 },
  { name: "bin/dangling", type: "symlink", linkname: "../nowhere/at/all", mtime: 1_500_000_004 },
  { name: "bin/busybox", body: big, mode: 0o755, mtime: 1_500_000_005 },
  { name: "bin/ash", type: "link", linkname: "bin/busybox" },
  { name: "tmp/", type: "directory", mode: 0o1777, mtime: 1_500_000_006 },
  { name: "ro/", type: "directory", mode: 0o555, mtime: 1_500_000_007 },
  { name: "ro/inside", body: "x", mode: 0o400, mtime: 1_500_000_008 },
  { name: "run/fifo", type: "fifo", mode: 0o620, mtime: 1_500_000_009 },
  { name: "dev/null", type: "character-device", devmajor: 1, devminor: 3, mode: 0o666, mtime: 1_500_000_010 },
  { name: `long/${"d".repeat(120)}/${"f".repeat(150)}`, body: "long", mtime: 1_500_000_011 },
  { name: "utf8/été ✓", body: "accents", mtime: 1_500_000_012 },
  { name: "frac", body: "f", pax: { mtime: "1500000013.75", atime: "1500000000.5" }, mtime: 1 },
];

const expected = (withDevice: boolean) => [
  "bin/ d 755 1500000000",
  "bin/ash f 755 3145745 " + new Bun.CryptoHasher("sha256").update(big).digest("hex").slice(0, 16) + " 1500000005 inode=bin/ash",
  "bin/busybox f 755 3145745 " + new Bun.CryptoHasher("sha256").update(big).digest("hex").slice(0, 16) + " 1500000005 inode=bin/ash",
  "bin/dangling l -> ../nowhere/at/all 1500000004",
  "bin/sh l -> /bin/busybox 1500000003",
  "bin/su f 4755 10 " + new Bun.CryptoHasher("sha256").update("#!/bin/sh\n").digest("hex").slice(0, 16) + " 1500000001",
  "bin/wall f 2755 1 " + new Bun.CryptoHasher("sha256").update("w").digest("hex").slice(0, 16) + " 1500000002",
  "dev/ d 755 *",
  ...(withDevice ? ["dev/null c 666 259 1500000010"] : []),
  "frac f 644 1 " + new Bun.CryptoHasher("sha256").update("f").digest("hex").slice(0, 16) + " 1500000013",
  "long/ d 755 *",
  `long/${"d".repeat(120)}/ d 755 *`,
  `long/${"d".repeat(120)}/${"f".repeat(150)} f 644 4 ${new Bun.CryptoHasher("sha256").update("long").digest("hex").slice(0, 16)} 1500000011`,
  "ro/ d 555 1500000007",
  "ro/inside f 400 1 " + new Bun.CryptoHasher("sha256").update("x").digest("hex").slice(0, 16) + " 1500000008",
  "run/ d 755 *",
  "run/fifo p 620 0 1500000009",
  "tmp/ d 1777 1500000006",
  "utf8/ d 755 *",
  "utf8/été ✓ f 644 7 " + new Bun.CryptoHasher("sha256").update("accents").digest("hex").slice(0, 16) + " 1500000012",
];

/** Directory lines of dirs made for missing parents carry the time of the unpack: masked. */
function masked(lines: string[]): string[] {
  const implicit = new Set(["dev/", "long/", `long/${"d".repeat(120)}/`, "run/", "utf8/"]);
  return lines.map((l) => {
    const [path] = l.split(" ");
    return implicit.has(path!) ? l.replace(/ \d+$/, " *") : l;
  });
}

describe("unpackLayer: formats and entry types", () => {
  const cases: [string, (t: Buffer) => Uint8Array, string][] = [
    ["plain tar", (t) => t, "none"],
    ["gzip", (t) => gzipSync(t), "gzip"],
    ["zstd", (t) => zstdCompressSync(t), "zstd"],
  ];
  for (const [label, compress, compression] of cases) {
    test(`${label}: every entry type, diff_id of the uncompressed tar, modes, times`, async () => {
      const tarBytes = await buildTar(everyType);
      const dest = fresh();
      const r = await unpackLayer(chunked(compress(tarBytes), 4093), dest, { sys, layerName: "sha256:test" });
      expect(r.diffId).toBe(sha256(tarBytes));
      if (compression !== "none") expect(r.diffId).not.toBe(sha256(compress(tarBytes)));
      expect(r.size).toBe(tarBytes.length);
      expect(r.compression).toBe(compression as "none");
      expect(statSync(join(dest, "frac")).atimeMs).toBe(1_500_000_000_500); // before anything reads it
      const deviceMade = existsSync(join(dest, "dev/null"));
      expect(deviceMade).toBe(isRoot);
      if (!isRoot) expect(r.skipped.some((s) => s.startsWith("dev/null: character-device 1:3 not created"))).toBe(true);
      expect(masked(treeListing(dest, { dirMtimes: true }))).toEqual(expected(deviceMade));
      expect(statSync(join(dest, "frac")).mtimeMs).toBe(1_500_000_013_750);
      expect(readFileSync(join(dest, "bin/busybox")).equals(Buffer.from(big))).toBe(true);
      expect(readdirSync(work).filter((f) => f.includes(".unpack-"))).toEqual([]);
    });
  }

  test("chunk boundaries do not matter: 1-byte chunks and a ReadableStream give the same tree", async () => {
    const tarBytes = await buildTar(everyType.filter((e) => e.name !== "bin/busybox" && e.name !== "bin/ash"));
    const a = fresh();
    const b = fresh();
    const ra = await unpackLayer(chunked(tarBytes, 1), a, { sys });
    const rb = await unpackLayer(new Blob([gzipSync(tarBytes)]).stream(), b, { sys });
    expect(ra.diffId).toBe(rb.diffId);
    expect(masked(treeListing(a, { dirMtimes: true }))).toEqual(masked(treeListing(b, { dirMtimes: true })));
  });

  test("an existing empty destination is replaced; a non-empty one is changed in place", async () => {
    const empty = fresh();
    mkdirSync(empty);
    await unpackLayer(chunked(await buildTar([{ name: "a", body: "1" }])), empty, { sys });
    expect(readFileSync(join(empty, "a"), "utf8")).toBe("1");
    const full = fresh();
    mkdirSync(full);
    writeFileSync(join(full, "lower"), "kept");
    await unpackLayer(chunked(await buildTar([{ name: "a", body: "2" }])), full, { sys });
    expect(readdirSync(full).sort()).toEqual(["a", "lower"]);
  });

  test("a later entry replaces an earlier one; a directory entry keeps an existing directory's contents", async () => {
    const dest = fresh();
    await unpackLayer(
      chunked(await buildTar([
        { name: "x", type: "symlink", linkname: "/etc" },
        { name: "x", body: "file now" },
        { name: "d/", type: "directory", mode: 0o700 },
        { name: "d/f", body: "f" },
        { name: "d/", type: "directory", mode: 0o750, mtime: 1_400_000_000 },
      ])),
      dest,
      { sys },
    );
    expect(lstatSync(join(dest, "x")).isFile()).toBe(true);
    expect(readFileSync(join(dest, "x"), "utf8")).toBe("file now");
    expect(readdirSync(join(dest, "d"))).toEqual(["f"]);
    expect(lstatSync(join(dest, "d")).mode & 0o7777).toBe(0o750);
    expect(lstatSync(join(dest, "d")).mtimeMs).toBe(1_400_000_000_000);
  });
});

describe("unpackLayer: ownership", () => {
  const owned: TarEntry[] = [
    { name: "home/", type: "directory", uid: 1000, gid: 1000 },
    { name: "home/f", body: "x", uid: 1000, gid: 100, mode: 0o4750 },
    { name: "home/l", type: "symlink", linkname: "f", uid: 1000, gid: 1000 },
    { name: "big-ids", body: "y", pax: { uid: "3000000", gid: "3000001" } },
  ];
  test("as root the tar's owners are applied (setuid survives the chown); an id map moves them", async () => {
    if (!isRoot) return console.log("skip: chown to other ids needs root (rootless unpack chowns inside the user namespace)");
    const dest = fresh();
    await unpackLayer(chunked(await buildTar(owned)), dest, { sys });
    expect(lstatSync(join(dest, "home/f")).uid).toBe(1000);
    expect(lstatSync(join(dest, "home/f")).gid).toBe(100);
    expect(lstatSync(join(dest, "home/f")).mode & 0o7777).toBe(0o4750);
    expect(lstatSync(join(dest, "home/l")).uid).toBe(1000);
    expect(lstatSync(join(dest, "home")).uid).toBe(1000);
    expect(lstatSync(join(dest, "big-ids")).uid).toBe(3_000_000);
    const mapped = fresh();
    const idMap = { uidMap: [{ inside: 0, outside: 100_000, count: 65_536 }], gidMap: [{ inside: 0, outside: 200_000, count: 65_536 }] };
    await unpackLayer(chunked(await buildTar(owned.slice(0, 3))), mapped, { sys, idMap });
    expect(lstatSync(join(mapped, "home/f")).uid).toBe(101_000);
    expect(lstatSync(join(mapped, "home/f")).gid).toBe(200_100);
    expect(lstatSync(mapped).uid).toBe(100_000); // the "./"-less root and made parents belong to container root
    const refused = fresh();
    await expect(unpackLayer(chunked(await buildTar(owned)), refused, { sys, idMap, layerName: "L" })).rejects.toThrow(/layer L: entry "big-ids": owner 3000000:3000001 is outside the id map/);
    expect(existsSync(refused)).toBe(false);
  });

  test("owner \"ignore\" (the default rootless) leaves the caller as owner; \"chown\" without the right fails clearly", async () => {
    const dest = fresh();
    await unpackLayer(chunked(await buildTar(owned)), dest, { sys, owner: "ignore" });
    expect(lstatSync(join(dest, "home/f")).uid).toBe(process.getuid!());
    if (isRoot) return console.log("skip: root may chown anything, so the EPERM half needs a non-root run");
    const denied = fresh();
    await expect(unpackLayer(chunked(await buildTar(owned)), denied, { sys, owner: "chown", layerName: "L" })).rejects.toThrow(/layer L: entry "home\/f": cannot chown to 1000:100: .*user namespace/);
    expect(existsSync(denied)).toBe(false);
  });
});

describe("unpackLayer: xattrs", () => {
  const binary = new Uint8Array([0x00, 0xff, 0x80, 0x0a, 0x3d, 0xc3]);
  // VFS_CAP_REVISION_2, permitted = cap_setuid (bit 7: a byte ≥ 0x80), no inheritable
  const capability = new Uint8Array([0x01, 0x00, 0x00, 0x02, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const layer = () =>
    buildTar([
      { name: "f", body: "x", pax: { "SCHILY.xattr.user.bin": binary, "SCHILY.xattr.user.text": "hello" } },
      { name: "d/", type: "directory", pax: { "SCHILY.xattr.user.dir": "yes" } },
      { name: "t", body: "t", pax: { "SCHILY.xattr.trusted.t": "1" } },
      { name: "cap", body: "c", mode: 0o755, pax: { "SCHILY.xattr.security.capability": capability } },
      { name: "selinux", body: "s", pax: { "SCHILY.xattr.security.selinux": "system_u:object_r:bin_t:s0" } },
      { name: "forged/", type: "directory", pax: { "SCHILY.xattr.user.overlay.opaque": "y", "SCHILY.xattr.trusted.overlay.redirect": "/x" } },
    ]);
  const get = (p: string, name: string) => {
    const v = sys.lgetxattr!(p, name);
    return v === undefined ? undefined : Buffer.from(v).toString("hex");
  };

  test("user.* byte for byte; trusted.* and security.capability when permitted; others and overlay's own never", async () => {
    const dest = fresh();
    const r = await unpackLayer(chunked(await layer(), 100), dest, { sys });
    expect(get(join(dest, "f"), "user.bin")).toBe(Buffer.from(binary).toString("hex"));
    expect(get(join(dest, "f"), "user.text")).toBe(Buffer.from("hello").toString("hex"));
    expect(get(join(dest, "d"), "user.dir")).toBe(Buffer.from("yes").toString("hex"));
    expect(get(join(dest, "forged"), "user.overlay.opaque")).toBeUndefined();
    expect(r.skipped).toContain("forged: xattr user.overlay.opaque not restored (only user.*, trusted.* and security.capability are)");
    expect(r.skipped).toContain("selinux: xattr security.selinux not restored (only user.*, trusted.* and security.capability are)");
    if (isRoot) {
      expect(get(join(dest, "t"), "trusted.t")).toBe(Buffer.from("1").toString("hex"));
      expect(get(join(dest, "cap"), "security.capability")).toBe(Buffer.from(capability).toString("hex"));
      expect(get(join(dest, "forged"), "trusted.overlay.redirect")).toBeUndefined();
    } else {
      expect(get(join(dest, "t"), "trusted.t")).toBeUndefined();
      expect(r.skipped).toContain("t: xattr trusted.t not set (EPERM)");
      expect(r.skipped.some((s) => s.startsWith("cap: xattr security.capability not set"))).toBe(true);
    }
  });

  test("without xattr support in the LayerSys they are skipped with one note", async () => {
    const dest = fresh();
    const r = await unpackLayer(chunked(await layer()), dest, { sys: { mknod: sys.mknod } });
    expect(readFileSync(join(dest, "f"), "utf8")).toBe("x");
    expect(r.skipped.filter((s) => s.startsWith("xattrs not restored: no lsetxattr"))).toHaveLength(1);
  });
});
