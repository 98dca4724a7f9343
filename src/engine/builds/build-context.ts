import { posix } from "node:path";
import { InvalidArgument } from "../../lib/index.ts";
import type { DockerIgnore } from "../../build/index.ts";
import { readTar } from "./context-tar-reader.ts";

/** One file of the build context, held in memory (paths are relative, slash-separated). */
export interface ContextEntry {
  path: string;
  type: "file" | "dir" | "symlink";
  /** Permission bits (and setuid/setgid/sticky). */
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  data?: Uint8Array;
  linkname?: string;
}

/** A build context: its entries by path (no leading "./" or "/"; the root is ""). */
export class BuildContext {
  private index?: Map<string, string[]>;

  constructor(readonly entries: Map<string, ContextEntry>) {}

  get(path: string): ContextEntry | undefined {
    return this.entries.get(normalizeContextPath(path));
  }

  /** The children of a directory, sorted by name. */
  children(dir: string): ContextEntry[] {
    if (!this.index) {
      this.index = new Map();
      for (const p of [...this.entries.keys()].sort()) {
        if (p === "") continue;
        const parent = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
        const list = this.index.get(parent) ?? [];
        list.push(p);
        this.index.set(parent, list);
      }
    }
    return (this.index.get(dir) ?? []).map((p) => this.entries.get(p)!);
  }

  /**
   * Remove what .dockerignore excludes (clients already left it out; this also hides the
   * Dockerfile and .dockerignore from COPY when the patterns name them, as Docker does).
   */
  applyIgnore(ignore: DockerIgnore): void {
    const kept = new Set<string>();
    for (const p of this.entries.keys()) if (p !== "" && !ignore.matches(p)) kept.add(p);
    // A directory the patterns exclude stays when something under it is let back in (`!dir/file`).
    for (const p of [...kept]) for (let d = posix.dirname(p); d !== "." && !kept.has(d); d = posix.dirname(d)) kept.add(d);
    for (const p of [...this.entries.keys()]) if (p !== "" && !kept.has(p)) this.entries.delete(p);
    this.index = undefined;
  }
}

/** "./a//b/" → "a/b"; refuses paths that climb out of the context. */
export function normalizeContextPath(path: string): string {
  const n = posix.normalize(`/${path}`).replace(/^\/+/, "").replace(/\/+$/, "");
  if (n === ".." || n.startsWith("../")) throw new InvalidArgument(`forbidden path outside the build context: ${path}`);
  return n === "." ? "" : n;
}

/** The context's bytes as a tar: plain or gzip (Docker CLIs send these); other compressions are refused. */
function decompress(raw: Uint8Array): Uint8Array {
  if (raw[0] === 0x1f && raw[1] === 0x8b) return Bun.gunzipSync(raw as Uint8Array<ArrayBuffer>);
  if (raw[0] === 0x28 && raw[1] === 0xb5 && raw[2] === 0x2f && raw[3] === 0xfd) return Bun.zstdDecompressSync(raw as Uint8Array<ArrayBuffer>);
  if (raw[0] === 0x42 && raw[1] === 0x5a && raw[2] === 0x68) throw new InvalidArgument("a bzip2-compressed build context is not supported: send a plain or gzipped tar");
  if (raw[0] === 0xfd && raw[1] === 0x37 && raw[2] === 0x7a) throw new InvalidArgument("an xz-compressed build context is not supported: send a plain or gzipped tar");
  return raw;
}

/**
 * Read a build context tar (the POST /build body) into memory. Entry names are made relative;
 * a name that climbs out of the context is refused; hardlinks become copies of their target;
 * directories named only as parents of files are added (0755, root).
 */
export async function readBuildContext(body: AsyncIterable<Uint8Array> | Uint8Array): Promise<BuildContext> {
  let raw: Uint8Array;
  if (body instanceof Uint8Array) raw = body;
  else {
    const chunks: Uint8Array[] = [];
    for await (const c of body) chunks.push(c);
    raw = Buffer.concat(chunks);
  }
  const entries = new Map<string, ContextEntry>();
  entries.set("", { path: "", type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: new Date(0) });
  if (raw.length === 0) return new BuildContext(entries);
  const bytes = decompress(raw);
  for (const e of readTar(bytes)) {
    const path = normalizeContextPath(e.name);
    if (path === "") continue; // the root itself
    const base = { path, mode: e.mode, uid: e.uid, gid: e.gid, mtime: e.mtime };
    if (e.type === "dir") entries.set(path, { ...base, type: "dir" });
    else if (e.type === "symlink") entries.set(path, { ...base, type: "symlink", linkname: e.linkname });
    else if (e.type === "link") {
      const target = entries.get(normalizeContextPath(e.linkname));
      if (!target || target.type !== "file") throw new InvalidArgument(`build context: hardlink ${e.name} to a missing file ${e.linkname}`);
      entries.set(path, { ...target, ...base, type: "file", data: target.data });
    } else if (e.type === "file") entries.set(path, { ...base, type: "file", data: e.data });
    else continue; // devices, fifos: not part of what a build can copy
    for (let d = posix.dirname(path); d !== "." && d !== "" && !entries.has(d); d = posix.dirname(d)) {
      entries.set(d, { path: d, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: new Date(0) });
    }
  }
  return new BuildContext(entries);
}
