/**
 * Extended attributes and device nodes (ffi/xattr.c), for the layer unpacker and differ: the
 * l* calls, which act on a symlink itself and never follow it. Errors are SyscallError, whose
 * `code` is the errno name ("EPERM", "ENOTSUP", …).
 */
import { FFIType } from "bun:ffi";
import { bindHelper, cString, withMessage } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32, u32, ptr } = FFIType;
const xattrHelper = bindHelper({
  bunker_lsetxattr: { args: [ptr, ptr, ptr, u32, ptr, i32], returns: i32 },
  bunker_lgetxattr: { args: [ptr, ptr, ptr, u32, ptr, i32], returns: i32 },
  bunker_llistxattr: { args: [ptr, ptr, u32, ptr, i32], returns: i32 },
  bunker_mknod: { args: [ptr, u32, u32, u32, ptr, i32], returns: i32 },
});

const EINVAL = 22;
const ENODATA = 61;
const ERANGE = 34;
/** The kernel's limits (XATTR_SIZE_MAX, XATTR_LIST_MAX). */
const XATTR_MAX = 65536;
const FIRST_TRY = 4096;

/** File type bits for makeNode's mode (S_IF* in <sys/stat.h>). */
export const NodeKind = {
  fifo: 0o010000,
  characterDevice: 0o020000,
  blockDevice: 0o060000,
  file: 0o100000,
  socket: 0o140000,
} as const;

function arg(what: string, value: string): Buffer {
  if (value.includes("\0")) throw new SyscallError(EINVAL, `${what}: "${value.replaceAll("\0", "\\0")}" contains a NUL byte`);
  return cString(value);
}

function check(rc: number, message: string): number {
  if (rc < 0) throw SyscallError.fromReturn(rc, message);
  return rc;
}

/**
 * Calls `fill(buf, cap)` (a get or list with a buffer) with a small buffer first, then with
 * the size the kernel reports, until the value fits (it may grow between the calls).
 */
function readSized(fill: (buf: Buffer, cap: number) => { rc: number; message: string }): Buffer {
  let cap = FIRST_TRY;
  for (let attempt = 0; ; attempt++) {
    const buf = Buffer.alloc(cap);
    const { rc, message } = fill(buf, cap);
    if (rc >= 0) return buf.subarray(0, rc);
    if (rc !== -ERANGE || attempt >= 4) throw SyscallError.fromReturn(rc, message);
    const size = fill(buf, 0);
    check(size.rc, size.message);
    cap = Math.min(XATTR_MAX, Math.max(size.rc, cap) + 1);
  }
}

/** lsetxattr(2): sets `name` ("user.x", "trusted.overlay.opaque", …) to the bytes of `value`. */
export function setXattr(path: string, name: string, value: Uint8Array): void {
  const p = arg("setXattr: path", path);
  const n = arg("setXattr: name", name);
  // bun:ffi passes an empty buffer as NULL: give it a byte to point at.
  const data = Buffer.alloc(Math.max(1, value.length));
  data.set(value);
  const { rc, message } = withMessage((msg, len) => xattrHelper().bunker_lsetxattr(p, n, data, value.length, msg, len));
  check(rc, message);
}

/** lgetxattr(2): the value's bytes, or undefined when `path` has no attribute `name` (ENODATA). */
export function getXattr(path: string, name: string): Uint8Array | undefined {
  const p = arg("getXattr: path", path);
  const n = arg("getXattr: name", name);
  try {
    const value = readSized((buf, cap) => withMessage((msg, len) => xattrHelper().bunker_lgetxattr(p, n, buf, cap, msg, len)));
    return new Uint8Array(value);
  } catch (err) {
    if (err instanceof SyscallError && err.errno === ENODATA) return undefined;
    throw err;
  }
}

/** llistxattr(2): the names of `path`'s attributes (those this process may see), in the kernel's order. */
export function listXattrs(path: string): string[] {
  const p = arg("listXattrs: path", path);
  const names = readSized((buf, cap) => withMessage((msg, len) => xattrHelper().bunker_llistxattr(p, buf, cap, msg, len)));
  return names.toString("utf8").split("\0").filter((s) => s !== "");
}

/**
 * mknod(2): `mode` is a NodeKind (fifo, characterDevice, blockDevice, …) or'ed with the
 * permission bits; major and minor matter for devices only. The umask applies.
 */
export function makeNode(path: string, mode: number, major = 0, minor = 0): void {
  const p = arg("makeNode: path", path);
  for (const [what, v] of [["mode", mode], ["major", major], ["minor", minor]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new SyscallError(EINVAL, `makeNode ${path}: ${what} must be a 32-bit unsigned integer, not ${v}`);
  }
  const { rc, message } = withMessage((msg, len) => xattrHelper().bunker_mknod(p, mode, major, minor, msg, len));
  check(rc, message);
}
