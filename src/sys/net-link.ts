/**
 * The daemon's end of a monitor's network socket (ffi/net-link.c): connect, take the TAP the
 * monitor hands over first, write frames straight to it. Bun's sockets pass no ancillary data
 * and cannot wrap a device, hence the helper.
 */
import { FFIType, ptr } from "bun:ffi";
import { bindHelper, cString } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32 } = FFIType;
const netHelper = bindHelper({
  bunker_net_connect: { args: [FFIType.ptr], returns: i32 },
  bunker_net_take_tap: { args: [i32, FFIType.ptr, FFIType.ptr], returns: i32 },
  bunker_tap_writev: { args: [i32, FFIType.ptr, i32], returns: i32 },
  bunker_close_fd: { args: [i32], returns: i32 },
} as const);

const EAGAIN = 11;
const EPROTO = 71;

/** A non-blocking unix stream socket connected to `path`. Throws SyscallError. */
export function connectUnixSocket(path: string): number {
  const fd = netHelper().bunker_net_connect(cString(path));
  if (fd < 0) throw SyscallError.fromReturn(fd, `connect to ${path}`);
  return fd;
}

/** What the monitor's first message said: the TAP, nothing yet, or the start of plain frames. */
export type TapHandover = { tap: number } | { pending: true } | { noTap: true; head: Uint8Array };

const headBuf = new Uint8Array(4);
const gotBuf = new Int32Array(1);

/** Takes the TAP from a freshly connected socket without waiting. Throws SyscallError. */
export function takeTap(sock: number): TapHandover {
  const rc = netHelper().bunker_net_take_tap(sock, headBuf, gotBuf);
  if (rc >= 0) return { tap: rc };
  if (rc === -EAGAIN) return { pending: true };
  if (rc === -EPROTO) return { noTap: true, head: headBuf.slice(0, gotBuf[0]!) };
  if (rc === -2) return { noTap: true, head: new Uint8Array(0) }; // ENOENT: a zero length without a TAP
  throw SyscallError.fromReturn(rc, "read the network socket's greeting");
}

/** Room for the iovecs of one frame: a header and up to this many payload pieces. */
export const TAP_MAX_PARTS = 31;
/** struct iovec[]: base and length as 64-bit words, written as 32-bit halves (no BigInt). */
const iov = new Uint32Array((TAP_MAX_PARTS + 1) * 4);

function setIov(i: number, p: Uint8Array): void {
  const addr = ptr(p);
  iov[i * 4] = addr >>> 0;
  iov[i * 4 + 1] = Math.floor(addr / 0x100000000);
  iov[i * 4 + 2] = p.length;
  iov[i * 4 + 3] = 0;
}

/**
 * Writes one frame to a TAP with writev: `head` (virtio_net_hdr and packet headers), then
 * `parts`, none of them copied. Bytes written, or -errno (the frame is dropped).
 */
export function tapWrite(fd: number, head: Uint8Array, parts?: readonly Uint8Array[]): number {
  setIov(0, head);
  let n = 1;
  if (parts) {
    for (const p of parts) {
      if (p.length === 0) continue;
      if (n > TAP_MAX_PARTS) return -7; // E2BIG: the caller copies instead
      setIov(n++, p);
    }
  }
  return netHelper().bunker_tap_writev(fd, iov, n);
}

/** Closes an fd taken from a monitor (a TAP or a socket not handed to Bun). */
export function closeFd(fd: number): void {
  netHelper().bunker_close_fd(fd);
}
