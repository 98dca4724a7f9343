import { InvalidArgument } from "../../lib/index.ts";

/** One entry of a tar held in memory; `data` is a view into the archive (no copy). */
export interface TarEntry {
  name: string;
  type: "file" | "dir" | "symlink" | "link" | "other";
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  linkname: string;
  data: Uint8Array;
}

const text = new TextDecoder();

function str(b: Uint8Array, off: number, len: number): string {
  const end = b.indexOf(0, off);
  return text.decode(b.subarray(off, end < 0 || end > off + len ? off + len : end));
}

/** Octal, or GNU base-256 for big values. */
function num(b: Uint8Array, off: number, len: number): number {
  if (b[off]! & 0x80) {
    let n = 0;
    for (let i = off + 1; i < off + len; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = str(b, off, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Uint8Array): boolean {
  let sum = 8 * 32;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += h[i]!;
  return sum === num(h, 148, 8);
}

function pax(b: Uint8Array): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < b.length) {
    const sp = b.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(text.decode(b.subarray(i, sp)), 10);
    if (!len) break;
    const rec = text.decode(b.subarray(sp + 1, i + len - 1));
    const eq = rec.indexOf("=");
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

/**
 * The entries of an uncompressed tar in memory (ustar, pax and GNU long names), without
 * copying file contents. A malformed archive is an InvalidArgument.
 */
export function* readTar(archive: Uint8Array): Generator<TarEntry> {
  let off = 0;
  let next: Record<string, string> = {};
  while (off + 512 <= archive.length) {
    const h = archive.subarray(off, off + 512);
    if (h.every((x) => x === 0)) return;
    if (!checksumOk(h)) throw new InvalidArgument("the build context is not a valid tar archive: bad header checksum");
    const flag = String.fromCharCode(h[156]!);
    const size = num(h, 124, 12);
    const data = archive.subarray(off + 512, off + 512 + size);
    if (data.length < size) throw new InvalidArgument("the build context is not a valid tar archive: it ends inside an entry");
    off += 512 + Math.ceil(size / 512) * 512;
    if (flag === "x") {
      next = { ...next, ...pax(data) };
      continue;
    }
    if (flag === "g") continue;
    if (flag === "L" || flag === "K") {
      next[flag === "L" ? "path" : "linkpath"] = str(data, 0, data.length);
      continue;
    }
    const magic = str(h, 257, 6);
    const prefix = magic.startsWith("ustar") && h[345] ? str(h, 345, 155) : "";
    let name = next.path ?? (prefix ? `${prefix}/${str(h, 0, 100)}` : str(h, 0, 100));
    const type: TarEntry["type"] = flag === "5" ? "dir" : flag === "2" ? "symlink" : flag === "1" ? "link" : flag === "0" || flag === "\0" || flag === "7" ? "file" : "other";
    if (type === "file" && name.endsWith("/")) name = name.slice(0, -1);
    yield {
      name,
      type: type === "file" && str(h, 0, 100).endsWith("/") ? "dir" : type,
      mode: num(h, 100, 8) & 0o7777,
      uid: next.uid ? Number(next.uid) : num(h, 108, 8),
      gid: next.gid ? Number(next.gid) : num(h, 116, 8),
      mtime: new Date((next.mtime ? Number(next.mtime) : num(h, 136, 12)) * 1000),
      linkname: next.linkpath ?? str(h, 157, 100),
      data,
    };
    next = {};
  }
}
