import tar from "tar-stream";
import { lstatSync, readdirSync, readlinkSync, createReadStream, existsSync, statSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { InvalidArgument, NotFound } from "../../lib/index.ts";
import { resolveInRoot } from "../../runtime/index.ts";
import { unpackLayer } from "../../store/index.ts";

/** What `docker cp` learns about a path (the X-Docker-Container-Path-Stat header). */
export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

/** Go's os.FileMode bits Docker puts in PathStat.mode: the permission bits plus type flags. */
function goMode(st: import("node:fs").Stats): number {
  let mode = st.mode & 0o777;
  if (st.isDirectory()) mode |= 0x80000000;
  if (st.isSymbolicLink()) mode |= 0x8000000;
  if (st.mode & 0o4000) mode |= 0x800000;
  if (st.mode & 0o2000) mode |= 0x400000;
  if (st.mode & 0o1000) mode |= 0x100000;
  return mode >>> 0;
}

/**
 * A container path as a host path: under the running container's root (/proc/PID/root), with
 * its symlinks resolved the way the container sees them (never out of its root). The last
 * component is not followed when `followLast` is false (docker cp copies a link as a link).
 */
export function containerPath(rootPid: number, path: string, followLast = true): string {
  if (!path.startsWith("/")) throw new InvalidArgument(`the path must be absolute: ${path}`);
  const root = `/proc/${rootPid}/root`;
  // The root itself as "root/.": /proc/PID/root is a magic link, a directory only when followed.
  if (posix.normalize(path) === "/") return `${root}/.`;
  if (followLast) return resolveInRoot(root, path);
  return join(resolveInRoot(root, posix.dirname(path)), posix.basename(path));
}

export function statPath(hostPath: string, name: string): PathStat {
  let st;
  try {
    st = lstatSync(hostPath);
  } catch {
    throw new NotFound(`Could not find the file ${name} in container`);
  }
  return { name: basename(name) || "/", size: st.size, mode: goMode(st), mtime: st.mtime.toISOString(), linkTarget: st.isSymbolicLink() ? readlinkSync(hostPath) : "" };
}

/** A tar of `hostPath` (a file, link or directory tree), entries named from its base name. */
export function archivePath(hostPath: string, name: string): Readable {
  const pack = tar.pack();
  const add = async (abs: string, rel: string) => {
    const st = lstatSync(abs);
    const common = { name: rel, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtime };
    if (st.isDirectory()) {
      // As Docker's archives: a directory's name ends with a slash.
      pack.entry({ ...common, name: `${rel}/`, type: "directory" });
      for (const child of readdirSync(abs).sort()) await add(join(abs, child), `${rel}/${child}`);
    } else if (st.isSymbolicLink()) {
      pack.entry({ ...common, type: "symlink", linkname: readlinkSync(abs) });
    } else if (st.isFile()) {
      const entry = pack.entry({ ...common, type: "file", size: st.size });
      await pipeline(createReadStream(abs), entry);
    }
  };
  void add(hostPath, basename(name) || ".").then(
    () => pack.finalize(),
    (err: Error) => pack.destroy(err),
  );
  return pack as unknown as Readable;
}

/**
 * Extract a tar into the directory `hostDir` (which must exist and be a directory). Files get
 * the container root's owner, or with `keepOwners` (docker cp -a) the tar's, which only root
 * can give (rootless, they stay the container root's).
 */
export async function extractInto(hostDir: string, input: Readable, opts: { keepOwners?: boolean } = {}): Promise<void> {
  if (!existsSync(hostDir)) throw new NotFound(`Could not find the file ${hostDir} in container`);
  if (!statSync(hostDir).isDirectory()) throw new InvalidArgument(`extraction point is not a directory`);
  await unpackLayer(Readable.toWeb(input) as ReadableStream<Uint8Array>, hostDir, { whiteoutFormat: "vfs", owner: opts.keepOwners && process.getuid?.() === 0 ? "chown" : "ignore", inPlace: true, layerName: `archive into ${basename(dirname(hostDir))}` });
}
