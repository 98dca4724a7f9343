import { constants } from "node:os";
import { SystemError } from "../lib/index.ts";

/** errno number → its first name in Node's table (11 → "EAGAIN", which EWOULDBLOCK equals on Linux). */
const names = new Map<number, string>();
for (const [name, value] of Object.entries(constants.errno)) if (!names.has(value)) names.set(value, name);

/** errno numbers by name (Linux's, from Node's table): `Errno.EAGAIN` rather than a bare 11. */
export const Errno = constants.errno;

/** The symbolic name of a positive errno, e.g. 2 → "ENOENT"; "E<n>" when unknown. */
export function errnoName(errno: number): string {
  return names.get(errno) ?? `E${errno}`;
}

/** A failed system call in the C helper: `errno` is positive, `code` its name. */
export class SyscallError extends SystemError {
  readonly errno: number;
  readonly code: string;

  constructor(errno: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.errno = errno;
    this.code = errnoName(errno);
  }

  /** The error for a helper's negative return value and its message buffer. */
  static fromReturn(rc: number, message: string): SyscallError {
    return new SyscallError(-rc, message || `helper call failed with ${errnoName(-rc)}`);
  }
}
