import { helper, withMessage } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const EBADF = 9;

/**
 * Takes an exclusive flock on an open file without waiting. The lock belongs to the open file
 * description and goes away when it is closed (or the process dies). Throws SyscallError,
 * code "EAGAIN" (= EWOULDBLOCK), when another open file description holds it.
 */
export function lockFile(fd: number): void {
  if (!Number.isSafeInteger(fd) || fd < 0 || fd > 0x7fffffff) throw new SyscallError(EBADF, `lockFile: bad file descriptor ${fd}`);
  const { rc, message } = withMessage((msg, len) => helper().bunker_flock(fd, msg, len));
  if (rc < 0) throw SyscallError.fromReturn(rc, message);
}
