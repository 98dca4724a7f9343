/**
 * Who may manage a cgroup directory. Ownership is judged from stat() (owner uid and the
 * owner-write bit), never with access(), so that fake trees in tests behave the same whoever
 * runs them: the test passes the uid it wants to model.
 */
import { statSync } from "node:fs";
import { join, posix } from "node:path";

/** Enough of a mount to turn cgroup paths into directories. */
export interface HierarchyView {
  mountPoint: string;
  /** The cgroup path shown at the mount point. */
  root: string;
}

/**
 * The directory that holds cgroup `cgPath` of a hierarchy, or undefined when that cgroup lies
 * outside the part of the hierarchy the mount shows (e.g. a namespaced or bind mount).
 */
export function cgroupDir(mount: HierarchyView, fsRoot: string, cgPath: string): string | undefined {
  let rel: string;
  if (mount.root === "/") rel = cgPath;
  else if (cgPath === mount.root) rel = "/";
  else if (cgPath.startsWith(`${mount.root}/`)) rel = cgPath.slice(mount.root.length);
  else return undefined;
  return join(fsRoot, mount.mountPoint, rel);
}

/** True when `dir` is a directory that `uid` may create cgroups in: root always, else owner with write bit. */
export function ownedAndWritable(dir: string, uid: number): boolean {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return false;
    if (uid === 0) return true;
    return st.uid === uid && (st.mode & 0o200) !== 0;
  } catch {
    return false;
  }
}

/** The owner uid of `dir`, or undefined when it cannot be read. */
export function ownerOf(dir: string): number | undefined {
  try {
    return statSync(dir).uid;
  } catch {
    return undefined;
  }
}

/**
 * The topmost cgroup handed to `uid`, starting at `cgPath` and walking up while each directory
 * is owned by `uid` and owner-writable, never above the mount. Root's own cgroup is its
 * delegation root (root may write anywhere, so walking up would only find the hierarchy root).
 * Undefined when `cgPath` itself is not usable.
 */
export function topmostOwned(mount: HierarchyView, fsRoot: string, cgPath: string, uid: number): string | undefined {
  const own = cgroupDir(mount, fsRoot, cgPath);
  if (own === undefined || !ownedAndWritable(own, uid)) return undefined;
  if (uid === 0) return cgPath;
  let best = cgPath;
  while (best !== mount.root && best !== "/") {
    const parent = posix.dirname(best);
    const dir = cgroupDir(mount, fsRoot, parent);
    if (dir === undefined || !ownedAndWritable(dir, uid)) break;
    best = parent;
  }
  return best;
}
