/**
 * Shared by the layers-*.test.ts files: tars built with tar-stream (including hostile ones and
 * PAX xattrs written byte for byte here), a LayerSys over libc for the tests (sys/ has no
 * xattr or mknod wrappers yet), a comparable listing of a directory tree, and overlay mounts.
 */
import { dlopen, FFIType } from "bun:ffi";
import { createHash } from "node:crypto";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, chmodSync } from "node:fs";
import { join } from "node:path";
import tar from "tar-stream";
import type { LayerSys } from "../../../src/store/layers/index.ts";

export const isRoot = process.getuid!() === 0;

export interface TarEntry {
  name: string;
  type?: "file" | "directory" | "symlink" | "link" | "character-device" | "block-device" | "fifo";
  body?: string | Uint8Array;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number; // seconds
  linkname?: string;
  devmajor?: number;
  devminor?: number;
  /** PAX records written before the header, values as bytes (binary-safe). */
  pax?: Record<string, string | Uint8Array>;
}

function paxBlock(records: Record<string, string | Uint8Array>, mtime: number): Buffer {
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(records)) {
    const value = typeof v === "string" ? Buffer.from(v) : Buffer.from(v);
    const body = Buffer.concat([Buffer.from(` ${k}=`), value, Buffer.from("\n")]);
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    parts.push(Buffer.concat([Buffer.from(String(len)), body]));
  }
  const data = Buffer.concat(parts);
  const header = Buffer.alloc(512);
  header.write("PaxHeaders/x", 0);
  header.write("0000644\0", 100);
  header.write("0000000\0", 108);
  header.write("0000000\0", 116);
  header.write(data.length.toString(8).padStart(11, "0") + "\0", 124);
  header.write(mtime.toString(8).padStart(11, "0") + "\0", 136);
  header.write("x", 156);
  header.write("ustar\x0000", 257);
  header.fill(" ", 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return Buffer.concat([header, data, pad]);
}

/** A tar of the entries, ended with the two zero blocks. */
export async function buildTar(entries: TarEntry[], opts: { noEnd?: boolean } = {}): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack as unknown as AsyncIterable<Buffer>) out.push(chunk);
  })();
  for (const e of entries) {
    const mtime = e.mtime ?? 1_600_000_000;
    if (e.pax) pack.push(paxBlock(e.pax, mtime));
    const body = typeof e.body === "string" ? Buffer.from(e.body) : e.body ? Buffer.from(e.body) : undefined;
    const type = e.type ?? "file";
    const header = {
      name: e.name,
      type,
      mode: (e.mode ?? (type === "directory" ? 0o755 : 0o644)) | 0o100000,
      uid: e.uid ?? 0,
      gid: e.gid ?? 0,
      mtime: new Date(mtime * 1000),
      linkname: e.linkname,
      devmajor: e.devmajor,
      devminor: e.devminor,
      size: body?.length ?? 0,
    };
    await new Promise<void>((resolve, reject) => {
      if (type === "file") pack.entry(header, body ?? Buffer.alloc(0), (err) => (err ? reject(err) : resolve()));
      else pack.entry(header, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await done;
  const all = Buffer.concat(out);
  return opts.noEnd ? all.subarray(0, all.length - 1024) : all;
}

export function sha256(data: Uint8Array): string {
  return `sha256:${createHash("sha256").update(data).digest("hex")}`;
}

export async function* chunked(data: Uint8Array, size = 777): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** A temp dir that the suite removes, even when a layer left non-writable directories in it. */
export function tempDir(prefix: string): string {
  return mkdtempSync(`/tmp/${prefix}`);
}

export function removeAll(path: string): void {
  const open = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (!st.isDirectory()) return;
    try {
      chmodSync(p, 0o700);
    } catch {}
    for (const n of readdirSync(p)) open(join(p, n));
  };
  open(path);
  rmSync(path, { recursive: true, force: true });
}

const ERRNO: Record<number, string> = { 1: "EPERM", 2: "ENOENT", 13: "EACCES", 17: "EEXIST", 22: "EINVAL", 34: "ERANGE", 61: "ENODATA", 95: "EOPNOTSUPP" };

/** A LayerSys straight over glibc, for the tests. */
export function libcSys(): LayerSys {
  const { symbols: c } = dlopen("libc.so.6", {
    lsetxattr: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
    lgetxattr: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
    llistxattr: { args: [FFIType.ptr, FFIType.ptr, FFIType.u64], returns: FFIType.i64 },
    mknod: { args: [FFIType.ptr, FFIType.u32, FFIType.u64], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  });
  const cs = (s: string) => Buffer.from(`${s}\0`);
  const fail = (what: string): never => {
    const { read } = require("bun:ffi") as typeof import("bun:ffi");
    const errno = read.i32(c.__errno_location()!, 0);
    const code = ERRNO[errno] ?? `E${errno}`;
    throw Object.assign(new Error(`${what}: ${code}`), { code });
  };
  return {
    mknod(path, type, mode, major, minor) {
      const fmt = type === "c" ? 0o020000 : type === "b" ? 0o060000 : 0o010000;
      const dev = (major << 8) | (minor & 0xff) | ((minor & ~0xff) << 12);
      if (c.mknod(cs(path), fmt | mode, dev) !== 0) fail(`mknod ${path}`);
    },
    lsetxattr(path, name, value) {
      const buf = Buffer.alloc(Math.max(1, value.length));
      buf.set(value);
      if (c.lsetxattr(cs(path), cs(name), buf, value.length, 0) !== 0) fail(`lsetxattr ${path} ${name}`);
    },
    lgetxattr(path, name) {
      const buf = Buffer.alloc(65536);
      const n = Number(c.lgetxattr(cs(path), cs(name), buf, buf.length));
      if (n < 0) {
        try {
          fail(`lgetxattr ${path} ${name}`);
        } catch (err) {
          if ((err as { code?: string }).code === "ENODATA") return undefined;
          throw err;
        }
      }
      return new Uint8Array(buf.subarray(0, n));
    },
    llistxattr(path) {
      const buf = Buffer.alloc(65536);
      const n = Number(c.llistxattr(cs(path), buf, buf.length));
      if (n < 0) fail(`llistxattr ${path}`);
      return buf.toString("latin1", 0, n).split("\0").filter(Boolean);
    },
  };
}

export interface TreeOptions {
  dirMtimes?: boolean;
  owners?: boolean;
  xattrs?: LayerSys;
}

/** One line per path: type, mode, size, content digest, link target, device, hardlink group, times. */
export function treeListing(root: string, opts: TreeOptions = {}): string[] {
  const lines: string[] = [];
  const inodes = new Map<number, string>();
  const walk = (rel: string) => {
    const abs = rel ? join(root, rel) : root;
    for (const name of readdirSync(abs).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const p = join(root, r);
      const st = lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      const mtime = Math.floor(st.mtimeMs / 1000);
      const owner = opts.owners ? ` ${st.uid}:${st.gid}` : "";
      let x = "";
      if (opts.xattrs && !st.isSymbolicLink()) {
        const names = opts.xattrs.llistxattr!(p).filter((n) => !n.includes(".overlay.")).sort();
        x = names.map((n) => ` ${n}=${Buffer.from(opts.xattrs!.lgetxattr!(p, n)!).toString("hex")}`).join("");
      }
      if (st.isDirectory()) {
        lines.push(`${r}/ d ${mode}${opts.dirMtimes ? ` ${mtime}` : ""}${owner}${x}`);
        walk(r);
      } else if (st.isSymbolicLink()) {
        lines.push(`${r} l -> ${readlinkSync(p)} ${mtime}${owner}`);
      } else if (st.isFile()) {
        const group = st.nlink > 1 ? (inodes.get(st.ino) ?? (inodes.set(st.ino, r), r)) : "";
        lines.push(`${r} f ${mode} ${st.size} ${createHash("sha256").update(readFileSync(p)).digest("hex").slice(0, 16)} ${mtime}${group ? ` inode=${group}` : ""}${owner}${x}`);
      } else {
        const kind = st.isFIFO() ? "p" : st.isCharacterDevice() ? "c" : st.isBlockDevice() ? "b" : "?";
        lines.push(`${r} ${kind} ${mode} ${st.rdev} ${mtime}${owner}`);
      }
    }
  };
  walk("");
  return lines;
}

/** Runs a shell script inside `unshare` (a user namespace as non-root) and returns its output. */
export function inNamespace(script: string): { ok: boolean; out: string } {
  const argv = isRoot ? ["unshare", "-m", "--propagation", "private", "sh", "-ec", script] : ["unshare", "-Urm", "sh", "-ec", script];
  const r = Bun.spawnSync(argv, { stdout: "pipe", stderr: "pipe" });
  return { ok: r.exitCode === 0, out: r.stdout.toString() + r.stderr.toString() };
}

/** Mount options for an overlay as this user makes it (userxattr in a user namespace). */
export const overlayExtra = isRoot ? "" : ",userxattr";

/** Whether an overlay mount works here (the reason when not). */
export function overlayWorks(dir: string): string | null {
  const r = inNamespace(`cd ${dir} && mkdir -p l u w m && mount -t overlay overlay -o lowerdir=l,upperdir=u,workdir=w${overlayExtra} m && umount m`);
  return r.ok ? null : r.out.trim() || "overlay mount failed";
}
