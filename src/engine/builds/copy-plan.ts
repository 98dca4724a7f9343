import { posix } from "node:path";
import tar from "tar-stream";
import { InvalidArgument, goPathRegExp } from "../../lib/index.ts";
import type { CopySource, SourceNode } from "./copy-source.ts";
import type { ImageFs } from "./image-fs.ts";

/** One entry of a layer a COPY or ADD writes (path absolute inside the image). */
export interface LayerFile {
  path: string;
  type: "file" | "dir" | "symlink" | "link";
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  data?: () => Uint8Array;
  linkname?: string;
}

/** A file that does not come from a CopySource: a heredoc body or a downloaded URL. */
export interface InlineFile {
  name: string;
  data: Uint8Array;
  mode: number;
  mtime: Date;
}

export interface CopyRequest {
  kind: "COPY" | "ADD";
  source: CopySource;
  /** Source paths after substitution (wildcards allowed). */
  sources: string[];
  inline: InlineFile[];
  /** Destination after substitution, as written (relative ones are under workingDir). */
  dest: string;
  workingDir: string;
  owner: { uid: number; gid: number };
  /** The --chown text for the history comment, when given. */
  chown?: string;
  chmod?: number;
  /** ADD: local tar archives are unpacked into the destination. */
  unpackArchives: boolean;
  /** The filesystem being copied into (existing directories, parents). */
  target: ImageFs;
}

export interface CopyPlan {
  files: LayerFile[];
  /** sha256 over every entry's path, type, mode, owner, link and content. */
  checksum: string;
  /** The history comment, as Docker writes it: `COPY file:<hash> in /dest `. */
  comment: string;
}

/**
 * A file's content fingerprint for the cache: 128 bits of xxHash3 (two seeds) and the length.
 * Not a cryptographic digest: sha256 of a 50 MB COPY alone costs more than the whole cached
 * build may take; an accidental collision of 128 bits over the same path and size is not a concern.
 */
function contentHash(data: Uint8Array): string {
  return `${data.length}:${Bun.hash.xxHash3(data, 0n).toString(16)}:${Bun.hash.xxHash3(data, 0x9e3779b97f4a7c15n).toString(16)}`;
}

const hasWildcard = (s: string) => /[*?[]/.test(s);


/** Paths of `source` matching a wildcard pattern, walking one segment at a time. */
function glob(source: CopySource, pattern: string): string[] {
  let current = [""];
  for (const seg of pattern.split("/").filter((s) => s && s !== ".")) {
    const next: string[] = [];
    for (const dir of current) {
      if (!hasWildcard(seg)) {
        const p = dir ? `${dir}/${seg}` : seg;
        if (source.node(p, false)) next.push(p);
        continue;
      }
      const re = goPathRegExp(seg, { bangNegates: true });
      const node = source.node(dir, true);
      if (node?.type !== "dir") continue;
      for (const name of source.children(dir)) if (re.test(name)) next.push(dir ? `${dir}/${name}` : name);
    }
    current = next;
  }
  return current.filter((p) => p !== "");
}

function isTar(b: Uint8Array): boolean {
  return b.length >= 262 && new TextDecoder().decode(b.subarray(257, 262)) === "ustar";
}

/** The tar inside a local ADD source, if it is one (plain, gzip, zstd, bzip2, xz). */
function archiveBytes(data: Uint8Array): Uint8Array | undefined {
  let raw = data;
  try {
    if (data[0] === 0x1f && data[1] === 0x8b) raw = Bun.gunzipSync(data as Uint8Array<ArrayBuffer>);
    else if (data[0] === 0x28 && data[1] === 0xb5 && data[2] === 0x2f && data[3] === 0xfd) raw = Bun.zstdDecompressSync(data as Uint8Array<ArrayBuffer>);
    else if ((data[0] === 0x42 && data[1] === 0x5a && data[2] === 0x68) || (data[0] === 0xfd && data[1] === 0x37 && data[2] === 0x7a)) {
      const tool = data[0] === 0x42 ? "bzip2" : "xz";
      const r = Bun.spawnSync([tool, "-dc"], { stdin: data, stdout: "pipe", stderr: "ignore" });
      if (r.exitCode !== 0) return undefined;
      raw = r.stdout;
    }
  } catch {
    return undefined;
  }
  return isTar(raw) ? raw : undefined;
}

async function untarInto(bytes: Uint8Array, dir: string, add: (f: LayerFile) => void): Promise<void> {
  const extract = tar.extract();
  await new Promise<void>((resolve, reject) => {
    extract.on("entry", (h, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        const rel = posix.normalize(`/${h.name}`);
        if (rel.split("/").includes("..")) return reject(new InvalidArgument(`archive entry ${h.name} escapes the destination`));
        const path = posix.join(dir, rel);
        const base = { path, mode: (h.mode ?? 0o644) & 0o7777, uid: h.uid ?? 0, gid: h.gid ?? 0, mtime: h.mtime ?? new Date(0) };
        const body = Buffer.concat(chunks);
        if (h.type === "directory") add({ ...base, type: "dir" });
        else if (h.type === "symlink") add({ ...base, type: "symlink", linkname: h.linkname ?? "" });
        else if (h.type === "link") add({ ...base, type: "link", linkname: posix.join(dir, posix.normalize(`/${h.linkname ?? ""}`)) });
        else if (h.type === "file" || h.type === "contiguous-file") add({ ...base, type: "file", data: () => body });
        next();
      });
      stream.on("error", reject);
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
    extract.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}

/**
 * What a COPY or ADD writes, following Docker's rules: a directory source copies its contents,
 * a file goes to `dest` (or into it when `dest` ends in "/" or is a directory), several sources
 * need a directory destination, relative destinations are under WORKDIR, new files belong to
 * root (or --chown), missing parent directories are created (0755, same owner).
 */
export async function planCopy(req: CopyRequest): Promise<CopyPlan> {
  const written = posix.normalize(req.dest.startsWith("/") ? req.dest : posix.join(req.workingDir || "/", req.dest));
  // Symlinks on the way are followed inside the image, as Docker does (the layer must not write through them).
  const existing = req.target.stat(written);
  const destAbs = existing?.stat.isDirectory() ? req.target.resolve(written) : written === "/" ? "/" : posix.join(req.target.resolve(posix.dirname(written)), posix.basename(written));
  const destIsDir = req.dest.endsWith("/") || req.dest === "." || req.dest.endsWith("/.") || !!existing?.stat.isDirectory();
  const files = new Map<string, LayerFile>();
  const { uid, gid } = req.owner;
  const ensureParents = (path: string) => {
    const missing: string[] = [];
    for (let d = posix.dirname(path); d !== "/" && !files.has(d) && !req.target.stat(d); d = posix.dirname(d)) missing.unshift(d);
    for (const d of missing) files.set(d, { path: d, type: "dir", mode: 0o755, uid, gid, mtime: new Date() });
  };
  const add = (f: LayerFile) => {
    if (f.path === "/") return;
    ensureParents(f.path);
    files.set(f.path, f);
  };
  const fromNode = (node: SourceNode, path: string): LayerFile => ({
    path,
    type: node.type,
    mode: req.chmod ?? node.mode,
    uid,
    gid,
    mtime: node.mtime,
    ...(node.type === "file" ? { data: () => node.read() } : {}),
    ...(node.type === "symlink" ? { linkname: node.linkname } : {}),
  });
  const copyTree = (dir: string, to: string) => {
    for (const name of req.source.children(dir)) {
      const rel = dir ? `${dir}/${name}` : name;
      const node = req.source.node(rel, false);
      if (!node) continue;
      const path = posix.join(to, name);
      add(fromNode(node, path));
      if (node.type === "dir") copyTree(rel, path);
    }
  };

  const matched: { node: SourceNode; named: string }[] = [];
  for (const src of req.sources) {
    if (hasWildcard(src)) {
      const paths = glob(req.source, src);
      for (const p of paths) matched.push({ node: req.source.node(p, true)!, named: p });
      continue;
    }
    const node = req.source.node(src, true);
    if (!node) {
      const what = req.source.name === "build context" ? "file not found in build context or excluded by .dockerignore" : `file not found in ${req.source.name}`;
      throw new InvalidArgument(`${req.kind} failed: ${what}: stat ${src}: file does not exist`);
    }
    matched.push({ node, named: src });
  }
  if (matched.length + req.inline.length === 0) throw new InvalidArgument(`${req.kind} failed: no source files were specified`);
  if (matched.length + req.inline.length > 1 && !destIsDir) {
    throw new InvalidArgument(`When using ${req.kind} with more than one source file, the destination must be a directory and end with a /`);
  }

  for (const { node, named } of matched) {
    if (node.type === "dir") {
      if (!existing) add({ path: destAbs, type: "dir", mode: req.chmod ?? node.mode, uid, gid, mtime: node.mtime });
      copyTree(node.path, destAbs);
      continue;
    }
    const to = destIsDir ? posix.join(destAbs, posix.basename(`/${named}`)) : destAbs;
    if (req.unpackArchives && node.type === "file") {
      const archive = archiveBytes(node.read());
      if (archive) {
        if (!existing && !files.has(destAbs)) add({ path: destAbs, type: "dir", mode: 0o755, uid, gid, mtime: new Date() });
        await untarInto(archive, destAbs, (f) => add(req.chown ? { ...f, uid, gid } : f));
        continue;
      }
    }
    add(fromNode(node, to));
  }
  for (const f of req.inline) {
    const to = destIsDir ? posix.join(destAbs, f.name) : destAbs;
    add({ path: to, type: "file", mode: req.chmod ?? f.mode, uid, gid, mtime: f.mtime, data: () => f.data });
  }

  const list = [...files.values()];
  const hasher = new Bun.CryptoHasher("sha256");
  for (const f of list) {
    hasher.update(`${f.path}\0${f.type}\0${f.mode.toString(8)}\0${f.uid}:${f.gid}\0${f.linkname ?? ""}\0`);
    if (f.data) hasher.update(contentHash(f.data()));
    hasher.update("\n");
  }
  const checksum = hasher.digest("hex");
  const single = matched.length + req.inline.length === 1;
  const prefix = !single ? "multi" : matched[0]?.node.type === "dir" ? "dir" : "file";
  const comment = `${req.kind} ${req.chown ? `--chown=${req.chown} ` : ""}${prefix}:${checksum} in ${req.dest} `;
  return { files: list, checksum, comment };
}
