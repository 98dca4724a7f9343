import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { NotImplemented } from "../../../src/lib/index.ts";
import { unpackLayer } from "../../../src/store/layers/index.ts";
import { buildTar, chunked, inNamespace, isRoot, libcSys, overlayExtra, overlayWorks, removeAll, tempDir, type TarEntry } from "./_layers-fixtures.ts";

const work = tempDir("bk-lay-wh-");
afterAll(() => removeAll(work));
const sys = libcSys();
const prefix = isRoot ? "trusted" : "user";

const lower: TarEntry[] = [
  { name: "etc/", type: "directory" },
  { name: "etc/gone", body: "lower" },
  { name: "etc/kept", body: "lower" },
  { name: "var/", type: "directory" },
  { name: "var/cache/", type: "directory" },
  { name: "var/cache/a", body: "lower" },
  { name: "var/cache/sub/", type: "directory" },
  { name: "var/cache/sub/b", body: "lower" },
  { name: "opt/", type: "directory" },
  { name: "opt/app/", type: "directory" },
  { name: "opt/app/old", body: "lower" },
  { name: "srv/", type: "directory" },
  { name: "srv/x", body: "lower" },
];

/** Layer 2: delete a file, empty var/cache (opaque) and refill it, replace opt/app, delete srv. */
const upper: TarEntry[] = [
  { name: "etc/.wh.gone", body: "" },
  { name: "var/cache/", type: "directory", mode: 0o750 },
  { name: "var/cache/.wh..wh..opq", body: "" },
  { name: "var/cache/new", body: "upper" },
  { name: "opt/app/.wh..wh..opq", body: "" }, // marker before the directory's own entry
  { name: "opt/app/", type: "directory" },
  { name: "opt/.wh.tmp", body: "" }, // whiteout of something no lower layer has
  { name: ".wh.srv", body: "" },
  { name: "srv/", type: "directory" }, // recreated after its whiteout: nothing of the lower srv shows
  { name: "srv/y", body: "upper" },
  { name: "etc/mine", body: "upper" },
  { name: "etc/.wh.mine", body: "" }, // a whiteout hides lower layers only, not its own layer
];

const merged = [
  "etc/", "etc/kept", "etc/mine",
  "opt/", "opt/app/",
  "srv/", "srv/y",
  "var/", "var/cache/", "var/cache/new",
];

function list(root: string, rel = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const dir = lstatSync(join(root, r)).isDirectory();
    out.push(dir ? `${r}/` : r);
    if (dir) out.push(...list(root, r));
  }
  return out;
}

describe("whiteouts, vfs form (applied to a copy of the lower layers)", () => {
  test("files, directories and opaque directories are deleted; this layer's own entries stay", async () => {
    const dest = join(work, "vfs");
    await unpackLayer(chunked(await buildTar(lower)), dest, { sys });
    const r = await unpackLayer(chunked(await buildTar(upper)), dest, { sys, whiteoutFormat: "vfs" });
    expect(list(dest)).toEqual(merged);
    expect(readFileSync(join(dest, "var/cache/new"), "utf8")).toBe("upper");
    expect(lstatSync(join(dest, "var/cache")).mode & 0o7777).toBe(0o750);
    expect(r.skipped).toEqual([]);
  });
});

describe("whiteouts, overlay form (the layer's own directory)", () => {
  test("`.wh.NAME` becomes a 0/0 character device, `.wh..wh..opq` the opaque xattr", async () => {
    const dest = join(work, "ovl-form");
    await unpackLayer(chunked(await buildTar(upper)), dest, { sys, whiteoutFormat: "overlay" });
    for (const w of ["etc/gone", "opt/tmp"]) {
      const st = lstatSync(join(dest, w));
      expect(st.isCharacterDevice()).toBe(true);
      expect(st.rdev).toBe(0);
    }
    expect(existsSync(join(dest, "etc/.wh.gone"))).toBe(false);
    const opaque = (p: string) => sys.lgetxattr!(join(dest, p), `${prefix}.overlay.opaque`);
    expect(Buffer.from(opaque("var/cache")!).toString()).toBe("y");
    expect(Buffer.from(opaque("opt/app")!).toString()).toBe("y");
    expect(Buffer.from(opaque("srv")!).toString()).toBe("y"); // recreated over its own whiteout
    expect(opaque("etc")).toBeUndefined();
    expect(lstatSync(join(dest, "etc/mine")).isFile()).toBe(true);
  });

  test("an opaque directory cannot be made without xattrs: refused, nothing left", async () => {
    const dest = join(work, "ovl-noxattr");
    const p = unpackLayer(chunked(await buildTar(upper)), dest, { sys: { mknod: sys.mknod }, whiteoutFormat: "overlay", layerName: "L" });
    await expect(p).rejects.toBeInstanceOf(NotImplemented);
    await expect(p).rejects.toThrow(/layer L: "var\/cache\/.wh..wh..opq": an overlay opaque directory needs xattrs/);
    expect(existsSync(dest)).toBe(false);
  });

  test("the default LayerSys (coreutils mknod) makes the same whiteouts", async () => {
    const dest = join(work, "ovl-cmd");
    await unpackLayer(chunked(await buildTar([{ name: "etc/.wh.gone", body: "" }])), dest, { whiteoutFormat: "overlay" });
    const st = lstatSync(join(dest, "etc/gone"));
    expect(st.isCharacterDevice() && st.rdev === 0).toBe(true);
  });

  test("PROOF: a real overlay mount of the two layers hides exactly what the whiteouts say", async () => {
    const dir = join(work, "proof");
    mkdirSync(dir);
    const why = overlayWorks(dir);
    if (why) return console.log(`skip: overlayfs cannot be mounted here (${why})`);
    await unpackLayer(chunked(await buildTar(lower)), join(dir, "L1"), { sys, whiteoutFormat: "overlay" });
    await unpackLayer(chunked(await buildTar(upper)), join(dir, "L2"), { sys, whiteoutFormat: "overlay" });
    // read-only overlay of the two layers, then one with an upper dir on top, as a container gets
    const script = [
      `cd ${dir}`,
      `mount -t overlay overlay -o lowerdir=L2:L1${overlayExtra} m`,
      `(cd m && find . -mindepth 1 | sort)`,
      `echo ---`,
      `cat m/var/cache/new m/srv/y`,
      `umount m`,
    ].join("\n");
    const r = inNamespace(script);
    expect(r.out).toContain("---");
    expect(r.ok).toBe(true);
    const [found, contents] = r.out.split("---\n");
    const expected = merged.map((p) => `./${p.replace(/\/$/, "")}`).sort();
    expect(found!.trim().split("\n")).toEqual(expected);
    expect(contents).toBe("upperupper");
    // and the same layers without the whiteouts show the lower files: the test can fail
    const bare = join(dir, "L2bare");
    await unpackLayer(chunked(await buildTar(upper.filter((e) => !e.name.includes(".wh.")))), bare, { sys, whiteoutFormat: "overlay" });
    const r2 = inNamespace(`cd ${dir}\nmount -t overlay overlay -o lowerdir=L2bare:L1${overlayExtra} m\n(cd m && find . -mindepth 1 | sort)\numount m`);
    expect(r2.out).toContain("./etc/gone");
    expect(r2.out).toContain("./var/cache/sub/b");
  });
});
