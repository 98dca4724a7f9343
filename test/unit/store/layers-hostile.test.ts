import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, zstdCompressSync } from "node:zlib";
import { InvalidArgument } from "../../../src/lib/index.ts";
import { unpackLayer } from "../../../src/store/layers/index.ts";
import { buildTar, chunked, libcSys, removeAll, tempDir, type TarEntry } from "./_layers-fixtures.ts";

const work = tempDir("bk-lay-hostile-");
afterAll(() => removeAll(work));
const sys = libcSys();
let n = 0;

/** A fresh case dir: `parent/` holds the destination, `outside/` the files an attack would hit. */
function arena() {
  const dir = join(work, `case${n++}`);
  const outside = join(dir, "outside");
  mkdirSync(join(outside, "etc"), { recursive: true });
  writeFileSync(join(outside, "etc/passwd"), "root:x:0:0\n");
  writeFileSync(join(outside, "victim"), "still here");
  const parent = join(dir, "parent");
  mkdirSync(parent);
  return { dir, outside, parent, dest: join(parent, "layer") };
}

function untouched(a: ReturnType<typeof arena>) {
  expect(readdirSync(a.outside).sort()).toEqual(["etc", "victim"]);
  expect(readdirSync(join(a.outside, "etc"))).toEqual(["passwd"]);
  expect(readFileSync(join(a.outside, "etc/passwd"), "utf8")).toBe("root:x:0:0\n");
  expect(readFileSync(join(a.outside, "victim"), "utf8")).toBe("still here");
}

async function refused(entries: TarEntry[] | ((a: ReturnType<typeof arena>) => TarEntry[]), message: RegExp) {
  const a = arena();
  const list = typeof entries === "function" ? entries(a) : entries;
  const p = unpackLayer(chunked(await buildTar(list)), a.dest, { sys, layerName: "sha256:bad" });
  await expect(p).rejects.toBeInstanceOf(InvalidArgument);
  await expect(p).rejects.toThrow(message);
  expect(readdirSync(a.parent)).toEqual([]); // no destination, no temp sibling
  untouched(a);
}

describe("hostile layers are refused, naming the entry, leaving nothing behind", () => {
  test("a name that climbs out with ..", () =>
    refused([{ name: "ok", body: "1" }, { name: "../../outside/victim", body: "pwned" }], /layer sha256:bad: entry "..\/..\/outside\/victim" refused: its path escapes the layer root/));

  test("a .. hidden in the middle of a name", () => refused([{ name: "a/b/../../../x", body: "pwned" }], /entry "a\/b\/..\/..\/..\/x" refused: its path escapes/));

  test("writing through a symlink to an absolute path (a → /etc, then a/passwd)", () =>
    refused([{ name: "a", type: "symlink", linkname: "/etc" }, { name: "a/passwd", body: "pwned" }], /entry "a\/passwd" refused: path component a is a symlink to \/etc, outside the layer/));

  test("writing through a relative symlink that climbs out", () =>
    refused((a) => [{ name: "d/", type: "directory" }, { name: "d/up", type: "symlink", linkname: "../../../outside" }, { name: "d/up/victim", body: "pwned" }], /entry "d\/up\/victim" refused: climbs above the layer root through a symlink/));

  test("a chain of symlinks that ends outside", () =>
    refused([{ name: "a", type: "symlink", linkname: "b" }, { name: "b", type: "symlink", linkname: "c/.." }, { name: "c", type: "symlink", linkname: ".." }, { name: "a/x", body: "pwned" }], /entry "a\/x" refused: climbs above the layer root/));

  test("a symlink loop", () => refused([{ name: "a", type: "symlink", linkname: "b" }, { name: "b", type: "symlink", linkname: "a" }, { name: "a/x", body: "x" }], /entry "a\/x" refused: too many levels of symlinks/));

  test("a hardlink whose target climbs out", () => refused([{ name: "h", type: "link", linkname: "../outside/victim" }], /hardlink "h" → "..\/outside\/victim" refused: its target is outside the layer/));

  test("a hardlink to an absolute host path is taken inside the layer, where it does not exist", () =>
    refused([{ name: "h", type: "link", linkname: "/etc/passwd" }], /layer sha256:bad: entry "h": etc does not exist in the layer/));

  test("a hardlink through a symlink that leads out", () =>
    refused([{ name: "a", type: "symlink", linkname: "/etc" }, { name: "h", type: "link", linkname: "a/passwd" }], /entry "h" refused: path component a is a symlink to \/etc/));

  test("a hardlink to a directory", () => refused([{ name: "d/", type: "directory" }, { name: "h", type: "link", linkname: "d" }], /hardlink "h" → "d" refused: the target is a directory/));

  test("a whiteout through a symlink that leads out", () =>
    refused((a) => [{ name: "a", type: "symlink", linkname: a.outside }, { name: "a/.wh.victim", body: "" }], /entry "a\/.wh.victim" refused: path component a is a symlink/));

  test("an opaque marker through a symlink that leads out", () =>
    refused((a) => [{ name: "a", type: "symlink", linkname: a.outside }, { name: "a/.wh..wh..opq", body: "" }], /entry "a\/.wh..wh..opq" refused: path component a is a symlink/));

  test("a whiteout with an empty name", () => refused([{ name: "d/.wh.", body: "" }], /entry "d\/.wh." refused: not a valid whiteout/));

  test("an absolute name is made relative, as Docker does, and lands inside", async () => {
    const a = arena();
    await unpackLayer(chunked(await buildTar([{ name: "/etc/passwd", body: "inside" }])), a.dest, { sys });
    expect(readFileSync(join(a.dest, "etc/passwd"), "utf8")).toBe("inside");
    untouched(a);
  });

  test("a symlink from an earlier layer that points out is not written through (in-place apply)", async () => {
    const a = arena();
    mkdirSync(a.dest);
    symlinkSync(join(a.outside, "etc"), join(a.dest, "lib"));
    symlinkSync("../../outside", join(a.dest, "up"));
    const p1 = unpackLayer(chunked(await buildTar([{ name: "lib/passwd", body: "pwned" }])), a.dest, { sys, layerName: "L2" });
    await expect(p1).rejects.toThrow(/layer L2: entry "lib\/passwd" refused: path component lib is a symlink to \//);
    const p2 = unpackLayer(chunked(await buildTar([{ name: "up/.wh.victim", body: "" }])), a.dest, { sys, layerName: "L2" });
    await expect(p2).rejects.toThrow(/entry "up\/.wh.victim" refused: climbs above the layer root/);
    untouched(a);
  });

  test("a symlink from an earlier layer that stays inside is followed, as in a chroot", async () => {
    const a = arena();
    mkdirSync(join(a.dest, "usr/lib"), { recursive: true });
    symlinkSync("usr/lib", join(a.dest, "lib"));
    await unpackLayer(chunked(await buildTar([{ name: "lib/libc.so", body: "elf" }])), a.dest, { sys });
    expect(readFileSync(join(a.dest, "usr/lib/libc.so"), "utf8")).toBe("elf");
  });
});

describe("broken input: a clear error naming the layer, nothing left behind", () => {
  async function broken(bytes: Uint8Array, message: RegExp) {
    const a = arena();
    const p = unpackLayer(chunked(bytes, 1000), a.dest, { sys, layerName: "sha256:cut" });
    await expect(p).rejects.toBeInstanceOf(InvalidArgument);
    await expect(p).rejects.toThrow(message);
    expect(readdirSync(a.parent)).toEqual([]);
  }
  const layer = () => buildTar([{ name: "a/", type: "directory" }, { name: "a/big", body: new Uint8Array(200_000).fill(65) }, { name: "a/small", body: "s" }]);

  test("a header that claims more bytes than the stream has (truncated tar)", async () => {
    const t = await layer();
    await broken(t.subarray(0, 512 * 2 + 1000), /layer sha256:cut: truncated tar: the stream ends inside an entry/);
  });
  test("a truncated gzip stream", async () => {
    const gz = gzipSync(await layer());
    await broken(gz.subarray(0, gz.length - 20), /layer sha256:cut: truncated gzip stream/);
  });
  test("a corrupt gzip stream", async () => {
    const gz = Buffer.from(gzipSync(await layer()));
    for (let i = 12; i < 40; i++) gz[i] = gz[i]! ^ 0x5a;
    await broken(gz, /layer sha256:cut: corrupt gzip stream/);
  });
  test("a truncated zstd stream (Bun's decoder alone would not notice)", async () => {
    const z = zstdCompressSync(await layer());
    await broken(z.subarray(0, z.length - 3), /layer sha256:cut: the zstd stream ends inside a frame \(truncated\)/);
    await broken(z.subarray(0, 30), /layer sha256:cut: .*(truncated|zstd)/);
  });
  test("a tar header with a bad checksum", async () => {
    const t = Buffer.from(await layer());
    t[512 * 2 + 200_192 + 10] = 0x41; // inside the third header ("a/small")
    await broken(t, /layer sha256:cut: corrupt tar: Invalid tar header/);
  });
  test("random bytes", async () => {
    await broken(new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256), /layer sha256:cut: corrupt tar/);
  });
  test("xz is named as unsupported", async () => {
    await broken(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]), /layer sha256:cut: xz compression is not supported/);
  });
});
