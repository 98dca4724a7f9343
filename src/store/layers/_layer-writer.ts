/**
 * Writes one layer's tar entries under a root directory: files, directories, symlinks,
 * hardlinks, device nodes and fifos, with modes, times, ownership and xattrs, and applies
 * whiteouts in the form the snapshotter needs. Every path goes through RootResolver, so no
 * entry is written outside the root or through a symlink.
 */
import { closeSync, constants, chmodSync, fchmodSync, fchownSync, futimesSync, lchownSync, linkSync, lstatSync, lutimesSync, mkdirSync, openSync, readdirSync, symlinkSync, utimesSync, writeSync } from "node:fs";
import { posix } from "node:path";
import { InvalidArgument, NotImplemented, SystemError } from "../../lib/index.ts";
import type { IdMapRange } from "../../sys/index.ts";
import type { LayerSys } from "./layer-sys.ts";
import type { PaxRecords } from "./_pax-records.ts";
import { removeTree } from "../remove-tree.ts";
import { cleanEntryName, RootResolver } from "./_root-resolver.ts";

export type WhiteoutFormat = "vfs" | "overlay";
export type OwnerStrategy = "chown" | "ignore";

/** Container ids → host ids, as in /proc/PID/uid_map. */
export interface LayerIdMap {
  uidMap: IdMapRange[];
  gidMap: IdMapRange[];
}

export interface WriterOptions {
  root: string;
  layer: string;
  format: WhiteoutFormat;
  /** The xattr namespace of overlay's own attributes: "user" with the userxattr mount option. */
  overlayXattr: "user" | "trusted";
  owner: OwnerStrategy;
  idMap?: LayerIdMap;
  sys: LayerSys;
  skipped: string[];
  /** The root is new (staged): without a "./" entry it gets container root's owner and 0755. */
  ownRoot: boolean;
}

/** The fields of a tar header the writer reads (tar-stream's Header). */
export interface EntryHeader {
  name: string;
  type: string | null;
  mode?: number;
  uid?: number;
  gid?: number;
  size?: number;
  mtime?: Date;
  linkname?: string | null;
  devmajor?: number;
  devminor?: number;
}

interface Meta {
  mode: number;
  uid: number;
  gid: number;
  mtime?: number;
  atime?: number;
  xattrs: [string, Uint8Array][];
}

const WHITEOUT = ".wh.";
const OPAQUE = ".wh..wh..opq";
const text = new TextDecoder();
const isRoot = () => process.getuid?.() === 0;

function mapId(ranges: IdMapRange[] | undefined, id: number): number | undefined {
  if (!ranges) return id;
  for (const r of ranges) if (id >= r.inside && id < r.inside + r.count) return r.outside + (id - r.inside);
  return undefined;
}

function xattrAllowed(name: string): boolean {
  if (/^(user|trusted)\.overlay\./.test(name)) return false; // overlayfs' own: a layer may not forge them
  return name.startsWith("user.") || name.startsWith("trusted.") || name === "security.capability";
}

export class LayerWriter {
  readonly resolver: RootResolver;
  /** Real relative paths written by this layer (whiteouts apply to lower layers only). */
  private readonly created = new Set<string>();
  private readonly dirMeta = new Map<string, Meta>();
  private readonly madeDirs = new Set<string>();
  private readonly restoreMode = new Map<string, number>();
  private readonly writableChecked = new Set<string>();
  private readonly whiteouts = new Set<string>();
  private noXattrNoted = false;
  /** Whether the root was empty when this layer began: then only what it wrote can exist. */
  private fresh?: boolean;

  constructor(private readonly o: WriterOptions) {
    this.resolver = new RootResolver(
      o.root,
      o.layer,
      (rel) => {
        this.madeDirs.add(rel);
        this.writableChecked.add(rel);
      },
      (rel) => this.mayExist(rel),
    );
  }

  async entry(h: EntryHeader, pax: PaxRecords, data: AsyncIterable<Uint8Array>): Promise<void> {
    this.fresh ??= isEmptyDir(this.o.root); // before the first entry makes anything (its parents, say)
    const rel = cleanEntryName(h.name);
    if (rel === null) throw new InvalidArgument(`layer ${this.o.layer}: entry "${h.name}" refused: its path escapes the layer root`);
    const base = posix.basename(rel);
    if (base.startsWith(WHITEOUT)) {
      if (base === OPAQUE) this.opaque(rel, h.name);
      else if (base.startsWith(`${WHITEOUT}${WHITEOUT}`)) this.o.skipped.push(`${h.name}: aufs metadata ignored`);
      else this.whiteout(rel, base.slice(WHITEOUT.length), h.name);
      return;
    }
    const meta = this.meta(h, pax);
    if (rel === "") {
      if (h.type !== "directory") throw new InvalidArgument(`layer ${this.o.layer}: entry "${h.name}" refused: the layer root can only be a directory`);
      this.dirMeta.set("", meta);
      return;
    }
    const parent = this.resolver.parentOf(rel, "create", h.name)!;
    this.makeWritable(parent);
    const real = parent ? `${parent}/${base}` : base;
    const abs = this.resolver.abs(real);
    const existing = this.mayExist(real) ? lstatOrNull(abs) : null;
    if (existing && !(existing.isDirectory() && h.type === "directory")) this.remove(real, abs);
    try {
      await this.create(h, real, abs, meta, data, existing?.isDirectory() ?? false);
    } catch (err) {
      // file-system failures name the entry; stream errors (a truncated tar) go up as they are
      if (typeof (err as NodeJS.ErrnoException).code !== "string" || (err as NodeJS.ErrnoException).syscall === undefined) throw err;
      throw new SystemError(`layer ${this.o.layer}: entry "${h.name}": ${(err as Error).message}`, { cause: err });
    }
  }

  /** False when `real` cannot be there: the root began empty and this layer has not made it. */
  private mayExist(real: string): boolean {
    return !this.fresh || this.created.has(real) || this.madeDirs.has(real) || this.whiteouts.has(real);
  }

  /** Remove a tree the layer replaces, and what the resolver knew of it. */
  private remove(real: string, abs: string): void {
    removeTree(abs);
    this.resolver.forget(real);
  }

  private async create(h: EntryHeader, real: string, abs: string, meta: Meta, data: AsyncIterable<Uint8Array>, wasDir: boolean): Promise<void> {
    switch (h.type) {
      case "file":
      case "contiguous-file": {
        const fd = openSync(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
        let applied = false;
        try {
          for await (const chunk of data) {
            for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
          }
          // Through the open file: no path to look up again (xattrs, rare, go by path below).
          if (meta.xattrs.length === 0) applied = this.applyToFd(fd, meta, h.name);
        } finally {
          closeSync(fd);
        }
        if (!applied) this.apply(abs, meta, "file", h.name);
        break;
      }
      case "directory":
        if (!wasDir) mkdirSync(abs, 0o700);
        this.resolver.knownDirectory(real);
        this.writableChecked.add(real);
        this.dirMeta.set(real, meta);
        if (this.whiteouts.has(real)) this.setOpaque(abs, h.name); // the lower directory was whited out: hide its contents
        break;
      case "symlink":
        symlinkSync(h.linkname ?? "", abs);
        this.apply(abs, meta, "symlink", h.name);
        break;
      case "link": {
        const target = cleanEntryName(h.linkname ?? "");
        if (target === null || target === "") throw new InvalidArgument(`layer ${this.o.layer}: hardlink "${h.name}" → "${h.linkname}" refused: its target is outside the layer`);
        const tparent = this.resolver.parentOf(target, "existing", h.name)!;
        const tabs = this.resolver.abs(tparent ? `${tparent}/${posix.basename(target)}` : posix.basename(target));
        const st = lstatOrNull(tabs);
        if (!st) throw new InvalidArgument(`layer ${this.o.layer}: hardlink "${h.name}" → "${h.linkname}" refused: the target is not in the layer`);
        if (st.isDirectory()) throw new InvalidArgument(`layer ${this.o.layer}: hardlink "${h.name}" → "${h.linkname}" refused: the target is a directory`);
        linkSync(tabs, abs);
        break;
      }
      case "character-device":
      case "block-device":
      case "fifo": {
        const t = h.type === "fifo" ? "p" : h.type === "block-device" ? "b" : "c";
        try {
          this.o.sys.mknod(abs, t, 0o600, h.devmajor ?? 0, h.devminor ?? 0);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== "EPERM" && code !== "EACCES") throw err;
          this.o.skipped.push(`${h.name}: ${h.type} ${h.devmajor ?? 0}:${h.devminor ?? 0} not created (mknod: ${code}; device nodes need root outside a user namespace)`);
          return;
        }
        this.apply(abs, meta, "node", h.name);
        break;
      }
      default:
        this.o.skipped.push(`${h.name}: entry type ${h.type ?? "unknown"} ignored`);
        for await (const _ of data);
        return;
    }
    this.created.add(real);
  }

  private meta(h: EntryHeader, pax: PaxRecords): Meta {
    const num = (key: string): number | undefined => {
      const v = pax.get(key);
      if (!v) return undefined;
      const n = Number(text.decode(v));
      return Number.isFinite(n) ? n : undefined;
    };
    const xattrs: [string, Uint8Array][] = [];
    for (const [key, value] of pax) if (key.startsWith("SCHILY.xattr.")) xattrs.push([key.slice("SCHILY.xattr.".length), value]);
    const mtime = num("mtime") ?? (h.mtime ? h.mtime.getTime() / 1000 : undefined);
    return { mode: (h.mode ?? 0o644) & 0o7777, uid: num("uid") ?? h.uid ?? 0, gid: num("gid") ?? h.gid ?? 0, mtime, atime: num("atime") ?? mtime, xattrs };
  }

  /** apply() for an open regular file without xattrs: fchown, fchmod, futimes. */
  private applyToFd(fd: number, m: Meta, name: string): true {
    if (this.o.owner === "chown") {
      const [uid, gid] = this.hostIds(m, name);
      try {
        fchownSync(fd, uid, gid);
      } catch (err) {
        throw new SystemError(`layer ${this.o.layer}: entry "${name}": cannot chown to ${uid}:${gid}: ${(err as Error).message} (a rootless unpack must run inside the user namespace, or use owner "ignore")`, { cause: err });
      }
    }
    fchmodSync(fd, m.mode);
    if (m.mtime !== undefined) futimesSync(fd, m.atime ?? m.mtime, m.mtime);
    return true;
  }

  private hostIds(m: Meta, name: string): [number, number] {
    const uid = mapId(this.o.idMap?.uidMap, m.uid);
    const gid = mapId(this.o.idMap?.gidMap, m.gid);
    if (uid === undefined || gid === undefined) throw new InvalidArgument(`layer ${this.o.layer}: entry "${name}": owner ${m.uid}:${m.gid} is outside the id map`);
    return [uid, gid];
  }

  /** Ownership, then mode (chown clears setuid), then xattrs (chown clears capabilities), then times. */
  private apply(abs: string, m: Meta, kind: "file" | "dir" | "symlink" | "node", name: string): void {
    if (this.o.owner === "chown") {
      const [uid, gid] = this.hostIds(m, name);
      try {
        lchownSync(abs, uid, gid);
      } catch (err) {
        throw new SystemError(`layer ${this.o.layer}: entry "${name}": cannot chown to ${uid}:${gid}: ${(err as Error).message} (a rootless unpack must run inside the user namespace, or use owner "ignore")`, { cause: err });
      }
    }
    if (kind !== "symlink") chmodSync(abs, m.mode);
    for (const [key, value] of m.xattrs) this.setXattr(abs, key, value, name);
    if (m.mtime !== undefined) {
      const atime = m.atime ?? m.mtime;
      if (kind === "symlink") lutimesSync(abs, atime, m.mtime);
      else utimesSync(abs, atime, m.mtime);
    }
  }

  private setXattr(abs: string, key: string, value: Uint8Array, name: string): void {
    if (!xattrAllowed(key)) {
      this.o.skipped.push(`${name}: xattr ${key} not restored (only user.*, trusted.* and security.capability are)`);
      return;
    }
    if (!this.o.sys.lsetxattr) {
      if (!this.noXattrNoted) this.o.skipped.push(`xattrs not restored: no lsetxattr in this LayerSys (first: ${name} ${key})`);
      this.noXattrNoted = true;
      return;
    }
    try {
      this.o.sys.lsetxattr(abs, key, value);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "";
      if (!["EPERM", "EACCES", "ENOTSUP", "EOPNOTSUPP", "EINVAL"].includes(code)) throw err;
      this.o.skipped.push(`${name}: xattr ${key} not set (${code})`);
    }
  }

  private setOpaque(abs: string, name: string): void {
    if (!this.o.sys.lsetxattr) throw new NotImplemented(`layer ${this.o.layer}: "${name}": an overlay opaque directory needs xattrs, which this LayerSys cannot set`);
    this.o.sys.lsetxattr(abs, `${this.o.overlayXattr}.overlay.opaque`, new TextEncoder().encode("y"));
  }

  /** `.wh.NAME`: NAME goes from the lower layers (vfs), or becomes overlay's 0/0 whiteout. */
  private whiteout(rel: string, target: string, name: string): void {
    if (target === "" || target === "." || target === "..") throw new InvalidArgument(`layer ${this.o.layer}: entry "${name}" refused: not a valid whiteout`);
    const parent = this.resolver.parentOf(rel, this.o.format === "overlay" ? "create" : "optional", name);
    if (parent === null) return; // nothing below to delete
    const real = parent ? `${parent}/${target}` : target;
    if (this.created.has(real)) return; // a whiteout hides lower layers only
    this.makeWritable(parent);
    const abs = this.resolver.abs(real);
    if (lstatOrNull(abs)) this.remove(real, abs);
    if (this.o.format === "overlay") {
      this.o.sys.mknod(abs, "c", 0, 0, 0);
      this.whiteouts.add(real);
    }
  }

  /** `.wh..wh..opq`: the directory hides everything below it in lower layers. */
  private opaque(rel: string, name: string): void {
    const dir = this.resolver.parentOf(rel, "create", name)!;
    if (this.o.format === "overlay") {
      this.setOpaque(this.resolver.abs(dir), name);
      return;
    }
    const sweep = (d: string): void => {
      this.makeWritable(d);
      for (const child of readdirSync(this.resolver.abs(d))) {
        const c = d ? `${d}/${child}` : child;
        if (!this.created.has(c)) this.remove(c, this.resolver.abs(c));
        else if (lstatOrNull(this.resolver.abs(c))?.isDirectory()) sweep(c);
      }
    };
    sweep(dir);
  }

  /** A non-root user cannot create inside a lower layer's `dr-x` directory: open it up until finish. */
  private makeWritable(rel: string): void {
    if (this.writableChecked.has(rel) || isRoot()) return;
    this.writableChecked.add(rel);
    const abs = this.resolver.abs(rel);
    const st = lstatSync(abs);
    if ((st.mode & 0o700) === 0o700) return;
    this.restoreMode.set(rel, st.mode & 0o7777);
    chmodSync(abs, (st.mode & 0o7777) | 0o700);
  }

  /** Directory metadata, deepest first, once their contents are in place. */
  finish(): void {
    if (this.o.ownRoot && !this.dirMeta.has("")) this.madeDirs.add("");
    const rels = new Set([...this.dirMeta.keys(), ...this.madeDirs, ...this.restoreMode.keys()]);
    const depth = (rel: string) => (rel ? rel.split("/").length : 0);
    const order = [...rels].sort((a, b) => depth(b) - depth(a) || (a < b ? 1 : -1));
    for (const rel of order) {
      const abs = this.resolver.abs(rel);
      const meta = this.dirMeta.get(rel);
      if (meta) this.apply(abs, meta, "dir", rel || "./");
      else if (this.madeDirs.has(rel)) this.apply(abs, { mode: 0o755, uid: 0, gid: 0, xattrs: [] }, "dir", rel);
      else chmodSync(abs, this.restoreMode.get(rel)!);
    }
  }
}

function isEmptyDir(path: string): boolean {
  try {
    return readdirSync(path).length === 0;
  } catch {
    return false;
  }
}

function lstatOrNull(path: string) {
  return lstatSync(path, { throwIfNoEntry: false }) ?? null;
}
