/** sys/: the C helper behind typed wrappers. The only module that imports bun:ffi. */
export { helperAbiVersion } from "./helper-abi-version.ts";
export { lockFile } from "./lock-file.ts";
export type { ProbeResult } from "./probe-result.ts";
export { probeOverlay } from "./probe-overlay.ts";
export { probeUserNamespace } from "./probe-user-namespace.ts";
export { errnoName, SyscallError } from "./syscall-error.ts";
export { compileSeccomp, encodeSeccompRules, SECCOMP_MAX_INSTRUCTIONS, SECCOMP_PROBES, seccompKnowsSyscall, seccompSelfTest, seccompSyscallNumber } from "./seccomp-compile.ts";
export type { SeccompAction, SeccompArgComparison, SeccompCompileInput, SeccompOperator, SeccompProbe, SeccompRule } from "./seccomp-compile.ts";
export { checkContainerSpec, encodeContainerSpec, encodeNetInterface, RLIM_INFINITY, SpecFlag, SpecTag } from "./container-spec.ts";
export type { ContainerMountRecord, ContainerSpecRecord, IdMapRange, NetInterfaceRecord, RlimitRecord } from "./container-spec.ts";
export { SpawnError, spawnProcess } from "./spawn-process.ts";
export { connectMonitor, MonitorConnection, MonitorStartError } from "./monitor-connection.ts";
export type { MonitorEvent, MonitorExit } from "./monitor-connection.ts";
export { encodeFrame, FrameDecoder, FrameType, HelloFlag } from "./monitor-frame.ts";
export { monitorExecutable } from "./monitor-executable.ts";
export { isUsernsHolder, startUsernsHolder } from "./userns-holder.ts";
export { getXattr, listXattrs, makeNode, NodeKind, setXattr } from "./xattrs.ts";
export { usernsExecArgv } from "./userns-exec.ts";
