/**
 * The daemon's end of a monitor's network socket (ffi/net-link.c): connect, and take the TAP
 * the monitor hands over first (frames to it go through tap-writer.ts). Bun's sockets pass no
 * ancillary data, hence the helper.
 */
import { FFIType } from "bun:ffi";
import type { Socket, SocketHandler } from "bun";
import { bindHelper, cString } from "./_ffi.ts";
import { Errno, SyscallError } from "./syscall-error.ts";

const { i32 } = FFIType;
const netHelper = bindHelper({
  bunker_net_connect: { args: [FFIType.ptr], returns: i32 },
  bunker_net_take_tap: { args: [i32, FFIType.ptr, FFIType.ptr], returns: i32 },
  bunker_close_fd: { args: [i32], returns: i32 },
} as const);

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
  if (rc === -Errno.EAGAIN) return { pending: true };
  if (rc === -Errno.EPROTO) return { noTap: true, head: headBuf.slice(0, gotBuf[0]!) };
  if (rc === -Errno.ENOENT) return { noTap: true, head: new Uint8Array(0) }; // a zero length without a TAP
  throw SyscallError.fromReturn(rc, "read the network socket's greeting");
}

/**
 * A Bun socket on an fd this process already holds (connected, or one end of a socketpair).
 * Bun.connect takes `{fd}` (its FdSocketOptions), though none of its typed overloads lists it.
 */
export function connectFd<T = undefined>(fd: number, socket: SocketHandler<T>): Promise<Socket<T>> {
  return Bun.connect({ fd, socket } as unknown as Parameters<typeof Bun.connect<T>>[0]);
}

/** Closes an fd taken from a monitor (a TAP or a socket not handed to Bun). */
export function closeFd(fd: number): void {
  netHelper().bunker_close_fd(fd);
}
