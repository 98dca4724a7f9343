/**
 * The system calls layer unpacking needs that node:fs lacks: mknod and extended attributes.
 * sys/ has no wrappers for them yet, so the caller passes an implementation; the default
 * (commandLayerSys) makes device nodes, fifos and overlay whiteouts (0/0 character devices,
 * which Linux ≥ 5.8 lets any user make) with coreutils' mknod, and has no xattr support:
 * xattrs are then skipped with a note, and an overlay opaque directory cannot be made.
 */

export type NodeType = "c" | "b" | "p";

export interface LayerSys {
  /** mknod(2). Throws an Error whose `code` is the errno name ("EPERM", …). */
  mknod(path: string, type: NodeType, mode: number, major: number, minor: number): void;
  /** lsetxattr(2); absent when xattrs cannot be set. Throws with `code` as mknod does. */
  lsetxattr?(path: string, name: string, value: Uint8Array): void;
  /** lgetxattr(2); undefined when the attribute is not there. */
  lgetxattr?(path: string, name: string): Uint8Array | undefined;
  /** llistxattr(2): the names. */
  llistxattr?(path: string): string[];
}

function errnoError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The default LayerSys: mknod(1) from coreutils, no xattrs. */
export const commandLayerSys: LayerSys = {
  mknod(path, type, mode, major, minor) {
    const argv = ["mknod", "-m", (mode & 0o7777).toString(8), "--", path, type];
    if (type !== "p") argv.push(String(major), String(minor));
    const r = Bun.spawnSync(argv, { stdout: "ignore", stderr: "pipe" });
    if (r.exitCode === 0) return;
    const text = r.stderr.toString().trim();
    const code = /not permitted/i.test(text) ? "EPERM" : /permission denied/i.test(text) ? "EACCES" : /exists/i.test(text) ? "EEXIST" : "EIO";
    throw errnoError(`mknod ${path}: ${text}`, code);
  },
};
