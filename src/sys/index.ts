/** sys/: the C helper behind typed wrappers. The only module that imports bun:ffi. */
export { helperAbiVersion } from "./helper-abi-version.ts";
export { lockFile } from "./lock-file.ts";
export type { ProbeResult } from "./probe-result.ts";
export { probeOverlay } from "./probe-overlay.ts";
export { probeUserNamespace } from "./probe-user-namespace.ts";
export { errnoName, SyscallError } from "./syscall-error.ts";
