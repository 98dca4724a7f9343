import { posix } from "node:path";
import tar from "tar-stream";
import { InvalidArgument } from "../../lib/index.ts";
import { DockerIgnore } from "../../build/index.ts";

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
  constructor(readonly entries: Map<string, ContextEntry>) {}

  get(path: string): ContextEntry | undefined {
    return this.entries.get(normalizeContextPath(path));
  }

  /** The children of a directory, sorted by name. */
  children(dir: string): ContextEntry[] {
    const prefix = dir === "" ? "" : `${dir}/`;
    const out: ContextEntry[] = [];
    for (const [p, e] of this.entries) if (p.startsWith(prefix) && p !== dir && !p.slice(prefix.length).includes("/")) out.push(e);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * Remove what .dockerignore excludes (clients already left it out; this also hides the
   * Dockerfile and .dockerignore from COPY when the patterns name them, as Docker does).
   */
  applyIgnore(ignore: DockerIgnore): void {
    for (const p of [...this.entries.keys()]) if (p !== "" && ignore.matches(p)) this.entries.delete(p);
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
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("error", reject);
      stream.on("end", () => {
        try {
          const path = normalizeContextPath(header.name);
          const base = { path, mode: (header.mode ?? 0o644) & 0o7777, uid: header.uid ?? 0, gid: header.gid ?? 0, mtime: header.mtime ?? new Date(0) };
          if (path === "") {
            // the root itself: nothing to record
          } else if (header.type === "directory") entries.set(path, { ...base, type: "dir" });
          else if (header.type === "symlink") entries.set(path, { ...base, type: "symlink", linkname: header.linkname ?? "" });
          else if (header.type === "link") {
            const target = entries.get(normalizeContextPath(header.linkname ?? ""));
            if (!target || target.type !== "file") throw new InvalidArgument(`build context: hardlink ${header.name} to a missing file ${header.linkname}`);
            entries.set(path, { ...target, ...base, type: "file", data: target.data });
          } else if (header.type === "file" || header.type === "contiguous-file") entries.set(path, { ...base, type: "file", data: Buffer.concat(chunks) });
          // devices, fifos: not part of what a build can copy
          for (let d = posix.dirname(path); d !== "." && d !== "" && !entries.has(d); d = posix.dirname(d)) {
            entries.set(d, { path: d, type: "dir", mode: 0o755, uid: 0, gid: 0, mtime: new Date(0) });
          }
          next();
        } catch (err) {
          reject(err);
        }
      });
    });
    extract.on("finish", resolve);
    extract.on("error", (err: Error) => reject(new InvalidArgument(`the build context is not a valid tar archive: ${err.message}`)));
  });
  extract.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  await done;
  return new BuildContext(entries);
}
