/** Socket buffer sizes through the C helper (Bun's sockets have no setsockopt). */
import { FFIType } from "bun:ffi";
import { bindHelper } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32 } = FFIType;
const sockHelper = bindHelper({ bunker_socket_buffers: { args: [i32, i32, i32], returns: i32 } });

/** SO_SNDBUF and SO_RCVBUF of `fd` (bytes; 0 leaves one as it is). Throws SyscallError. */
export function setSocketBuffers(fd: number, send: number, receive: number): void {
  const rc = sockHelper().bunker_socket_buffers(fd, send, receive);
  if (rc < 0) throw SyscallError.fromReturn(rc, `setsockopt on fd ${fd}`);
}
