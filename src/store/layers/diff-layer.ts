/**
 * The tar of a container's writable overlay directory (its "upper"), in the layer form
 * Docker writes: overlay's whiteouts (0/0 character devices, or the files marked with the
 * `overlay.whiteout` xattr that kernels ≥ 6.7 also accept) become `.wh.NAME`, an opaque
 * directory (`overlay.opaque` = "y", user.* or trusted.*) gets a `.wh..wh..opq` entry, files that
 * share an inode become hardlink entries, and xattrs other than overlayfs' own go in PAX
 * records (binary-safe). Times are whole seconds, as Docker writes them. Entries come in
 * sorted order, a directory before its contents; the root itself is not an entry.
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import tar from "tar-stream";
import { InvalidArgument, SystemError } from "../../lib/index.ts";
import type { IdMapRange } from "../../sys/index.ts";
import type { LayerIdMap } from "./_layer-writer.ts";
import type { LayerSys } from "./layer-sys.ts";
import { ffiLayerSys } from "./ffi-layer-sys.ts";
import { paxHeaderBytes } from "./_pax-records.ts";
import type { TreeChanges } from "./tree-changes.ts";

export interface DiffOptions {
  /** For the xattrs (opaque markers, xattr whiteouts, file xattrs); defaults to ffiLayerSys.
   * A LayerSys without llistxattr reads none. */
  sys?: LayerSys;
  /** Host ids → container ids for the owners written, the inverse of the unpack's map. */
  idMap?: LayerIdMap;
  /** For a whole tree (vfs): only these changes go in, deletions as `.wh.NAME` entries. */
  changes?: TreeChanges;
  /** The overlay lower directories under `upperDir`, top first: the tar is then the merged
   * tree (docker export), whiteouts and opaque directories applied, none written. */
  lowers?: string[];
}

type Header = Parameters<ReturnType<typeof tar.pack>["entry"]>[0];

const CHUNK = 256 * 1024;
const Y = "y".charCodeAt(0);
const EMPTY = new Uint8Array(0);

function unmapId(ranges: IdMapRange[] | undefined, id: number, what: string, path: string): number {
  if (!ranges) return id;
  for (const r of ranges) if (id >= r.outside && id < r.outside + r.count) return r.inside + (id - r.outside);
  throw new InvalidArgument(`diff: ${path}: ${what} ${id} is not in the id map`);
}

function devNumbers(rdev: number): { devmajor: number; devminor: number } {
  const d = BigInt(rdev);
  const major = Number(((d >> 8n) & 0xfffn) | ((d >> 32n) & ~0xfffn));
  const minor = Number((d & 0xffn) | ((d >> 12n) & ~0xffn));
  return { devmajor: major, devminor: minor };
}

/** Whether tar-stream can put `name` in a ustar header (100-byte name, 155-byte prefix, ASCII). */
function fitsUstar(name: string, nameLimit = 100): boolean {
  if (!/^[\x20-\x7e]*$/.test(name)) return false;
  let prefix = "";
  while (name.length > nameLimit) {
    const i = name.indexOf("/");
    if (i < 0) return false;
    prefix += prefix ? `/${name.slice(0, i)}` : name.slice(0, i);
    name = name.slice(i + 1);
  }
  return prefix.length <= 155;
}

function ustarStandIn(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, "_").slice(-99);
}

export function diffDirectory(upperDir: string, opts: DiffOptions = {}): ReadableStream<Uint8Array> {
  const pack = tar.pack();
  const sys = opts.sys ?? ffiLayerSys;
  const xattrsOf = (path: string): [string, Uint8Array][] => {
    if (!sys?.llistxattr || !sys.lgetxattr) return [];
    const out: [string, Uint8Array][] = [];
    for (const name of sys.llistxattr(path).sort()) {
      const value = sys.lgetxattr(path, name);
      if (value !== undefined) out.push([name, value]);
    }
    return out;
  };
  const isSet = (xattrs: [string, Uint8Array][], suffix: string, requireY: boolean): boolean =>
    xattrs.some(([k, v]) => (k === `user.overlay.${suffix}` || k === `trusted.overlay.${suffix}`) && (!requireY || (v.length === 1 && v[0] === Y)));
  const inodes = new Map<string, string>();

  const put = (header: Header, body?: Uint8Array): Promise<void> =>
    new Promise((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body) pack.entry(header, Buffer.from(body), cb);
      else pack.entry(header, cb);
    });

  const emit = async (rel: string, st: Stats, header: Header, xattrs: [string, Uint8Array][], path: string): Promise<void> => {
    const own = xattrs.filter(([k]) => !/^(user|trusted)\.overlay\./.test(k));
    const linkname = header.linkname ?? "";
    const longName = !fitsUstar(header.name);
    const longLink = linkname !== "" && !(/^[\x20-\x7e]*$/.test(linkname) && linkname.length <= 100);
    if (own.length > 0 || longName || longLink) {
      const records: [string, Uint8Array][] = [];
      const enc = new TextEncoder();
      if (longName) records.push(["path", enc.encode(header.name)]);
      if (longLink) records.push(["linkpath", enc.encode(linkname)]);
      for (const [k, v] of own) records.push([`SCHILY.xattr.${k}`, v]);
      pack.push(paxHeaderBytes(records, st.mtimeMs / 1000));
      if (longName) header.name = ustarStandIn(header.name);
      if (longLink) header.linkname = ustarStandIn(linkname);
    }
    if (header.type !== "file") return put(header);
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (err) => (err ? reject(err) : resolve()));
      void (async () => {
        const fh = await open(path, "r");
        try {
          let left = st.size;
          while (left > 0) {
            const buf = Buffer.allocUnsafe(Math.min(CHUNK, left));
            const { bytesRead } = await fh.read(buf, 0, buf.length, null);
            if (bytesRead === 0) throw new SystemError(`diff: ${rel} shrank while it was being read`);
            left -= bytesRead;
            if (!sink.write(buf.subarray(0, bytesRead))) await (sink.constructor as unknown as { drained(s: unknown): Promise<boolean> }).drained(sink);
          }
          sink.end(null);
        } finally {
          await fh.close();
        }
      })().catch((err) => {
        sink.destroy(err);
        reject(err);
      });
    });
  };

  const changes = opts.changes;
  const deletedIn = new Map<string, string[]>();
  for (const rel of changes?.deleted ?? []) {
    const cut = rel.lastIndexOf("/");
    const dir = cut < 0 ? "" : rel.slice(0, cut);
    deletedIn.set(dir, [...(deletedIn.get(dir) ?? []), rel.slice(cut + 1)]);
  }

  const isWhiteout = (st: Stats, path: string) =>
    (st.isCharacterDevice() && st.rdev === 0) || (st.isFile() && st.size === 0 && isSet(xattrsOf(path), "whiteout", false));
  /** For a merged tree: each visible name of a directory and the layer path it comes from. */
  const mergedEntries = (dirRel: string): Map<string, string> => {
    const found = new Map<string, string>();
    const hidden = new Set<string>();
    for (const root of [upperDir, ...(opts.lowers ?? [])]) {
      const abs = dirRel ? `${root}/${dirRel}` : root;
      let st: Stats;
      try {
        st = lstatSync(abs);
      } catch {
        continue;
      }
      if (!st.isDirectory()) break;
      for (const name of readdirSync(abs)) {
        if (found.has(name) || hidden.has(name)) continue;
        const path = `${abs}/${name}`;
        if (isWhiteout(lstatSync(path), path)) hidden.add(name);
        else found.set(name, path);
      }
      if (isSet(xattrsOf(abs), "opaque", true)) break;
    }
    return found;
  };

  const walk = async (dirRel: string): Promise<void> => {
    const dirAbs = dirRel ? `${upperDir}/${dirRel}` : upperDir;
    if (opts.lowers) {
      const entries = mergedEntries(dirRel);
      for (const name of [...entries.keys()].sort()) await entry(dirRel, name, entries.get(name)!);
      return;
    }
    for (const name of (deletedIn.get(dirRel) ?? []).sort()) {
      const st = lstatSync(dirAbs);
      const header: Header = { name: dirRel ? `${dirRel}/.wh.${name}` : `.wh.${name}`, type: "file", mode: 0o100600, size: 0, uid: 0, gid: 0, mtime: new Date(Math.floor(st.mtimeMs / 1000) * 1000) };
      await put(header, EMPTY);
    }
    for (const name of readdirSync(dirAbs).sort()) {
      const rel = dirRel ? `${dirRel}/${name}` : name;
      if (changes && !changes.changed.has(rel) && !changes.ancestors.has(rel)) continue;
      await entry(dirRel, name, `${upperDir}/${rel}`);
    }
  };

  const entry = async (dirRel: string, name: string, path: string): Promise<void> => {
    const rel = dirRel ? `${dirRel}/${name}` : name;
    const st = lstatSync(path);
    const xattrs = st.isSymbolicLink() ? [] : xattrsOf(path);
    const base: Header = {
      name: rel,
      mode: (st.mode & 0o7777) | 0o100000, // non-zero: tar-stream replaces a zero mode with its default
      uid: unmapId(opts.idMap?.uidMap, st.uid, "uid", rel),
      gid: unmapId(opts.idMap?.gidMap, st.gid, "gid", rel),
      mtime: new Date(Math.floor(st.mtimeMs / 1000) * 1000),
    };
    const whiteout = !opts.lowers && ((st.isCharacterDevice() && st.rdev === 0) || (st.isFile() && st.size === 0 && isSet(xattrs, "whiteout", false)));
    if (whiteout) {
      await put({ ...base, name: dirRel ? `${dirRel}/.wh.${name}` : `.wh.${name}`, type: "file", mode: 0o100600, size: 0 }, EMPTY);
    } else if (st.isDirectory()) {
      await emit(rel, st, { ...base, name: `${rel}/`, type: "directory" }, xattrs, path);
      if (!opts.lowers && isSet(xattrs, "opaque", true)) await put({ ...base, name: `${rel}/.wh..wh..opq`, type: "file", mode: 0o100600, size: 0 }, EMPTY);
      await walk(rel);
    } else if (st.isSymbolicLink()) {
      await emit(rel, st, { ...base, type: "symlink", linkname: readlinkSync(path) }, xattrs, path);
    } else if (st.isFile()) {
      const key = `${st.dev}:${st.ino}`;
      const first = st.nlink > 1 ? inodes.get(key) : undefined;
      if (first !== undefined) {
        await emit(rel, st, { ...base, type: "link", linkname: first }, [], path);
      } else {
        if (st.nlink > 1) inodes.set(key, rel);
        await emit(rel, st, { ...base, type: "file", size: st.size }, xattrs, path);
      }
    } else if (st.isFIFO()) {
      await emit(rel, st, { ...base, type: "fifo" }, xattrs, path);
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      await emit(rel, st, { ...base, type: st.isBlockDevice() ? "block-device" : "character-device", ...devNumbers(st.rdev) }, xattrs, path);
    }
    // sockets are not part of a layer
  };

  void walk("")
    .then(() => pack.finalize())
    .catch((err) => pack.destroy(err));

  const it = (pack as unknown as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await it.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      pack.destroy(reason instanceof Error ? reason : undefined);
    },
  });
}
