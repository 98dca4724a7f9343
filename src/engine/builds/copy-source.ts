import { readFileSync, readlinkSync } from "node:fs";
import { posix } from "node:path";
import type { BuildContext } from "./build-context.ts";
import type { ImageFs } from "./image-fs.ts";

/** A node a COPY may read: from the build context, another stage or an image. */
export interface SourceNode {
  /** Path relative to the source's root, "" for the root. */
  path: string;
  type: "file" | "dir" | "symlink";
  mode: number;
  mtime: Date;
  size: number;
  linkname?: string;
  read(): Uint8Array;
}

/** Where COPY/ADD sources come from: the build context or an image's filesystem. */
export interface CopySource {
  /** What the messages call it ("build context", "stage builder"). */
  readonly name: string;
  /** The node at `path`, following symlinks inside the source when `follow`. */
  node(path: string, follow: boolean): SourceNode | undefined;
  /** The names in a directory (after following symlinks inside the source). */
  children(dir: string): string[];
}

const EMPTY = new Uint8Array(0);

/** The build context as a CopySource. */
export function contextSource(ctx: BuildContext): CopySource {
  const resolve = (path: string): string | undefined => {
    let parts = posix.normalize(`/${path}`).split("/").filter(Boolean);
    let out: string[] = [];
    for (let i = 0, hops = 0; i < parts.length; i++) {
      const candidate = [...out, parts[i]!].join("/");
      const e = ctx.entries.get(candidate);
      if (e?.type === "symlink") {
        if (++hops > 40) return undefined;
        const t = e.linkname ?? "";
        const joined = posix.normalize(`/${t.startsWith("/") ? "" : out.join("/")}/${t}/${parts.slice(i + 1).join("/")}`);
        parts = joined.split("/").filter(Boolean);
        out = [];
        i = -1;
        continue;
      }
      out.push(parts[i]!);
    }
    return out.join("/");
  };
  const toNode = (path: string): SourceNode | undefined => {
    const e = ctx.entries.get(path);
    if (!e) return undefined;
    return { path, type: e.type, mode: e.mode, mtime: e.mtime, size: e.data?.length ?? 0, linkname: e.linkname, read: () => e.data ?? EMPTY };
  };
  return {
    name: "build context",
    node(path, follow) {
      const p = posix.normalize(`/${path}`).split("/").filter(Boolean).join("/");
      if (p.startsWith("..")) return undefined;
      if (!follow) {
        const parent = resolve(posix.dirname(`/${p}`).slice(1));
        return parent === undefined ? undefined : toNode([parent, posix.basename(`/${p}`)].filter(Boolean).join("/"));
      }
      const r = resolve(p);
      return r === undefined ? undefined : toNode(r);
    },
    children: (dir) => ctx.children(resolve(dir) ?? dir).map((e) => posix.basename(e.path)),
  };
}

/** An image's (or a finished stage's) filesystem as a CopySource. */
export function imageSource(fs: ImageFs, name: string): CopySource {
  const toNode = (abs: string, rel: string): SourceNode | undefined => {
    const e = fs.lstat(abs);
    if (!e) return undefined;
    const st = e.stat;
    const type = st.isDirectory() ? "dir" : st.isSymbolicLink() ? "symlink" : "file";
    return { path: rel, type, mode: st.mode & 0o7777, mtime: st.mtime, size: st.size, linkname: type === "symlink" ? readlinkSync(e.hostPath) : undefined, read: () => (type === "file" ? readFileSync(e.hostPath) : EMPTY) };
  };
  return {
    name,
    node(path, follow) {
      const abs = fs.resolve(`/${path}`, follow);
      return toNode(abs, abs.slice(1));
    },
    children: (dir) => fs.list(fs.resolve(`/${dir}`)),
  };
}
