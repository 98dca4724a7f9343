import { FFIType } from "bun:ffi";
import { bindHelper, cString, withMessage } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32, u32, ptr } = FFIType;
const spawnHelper = bindHelper({
  bunker_spawn: { args: [ptr, u32, ptr, ptr, i32], returns: i32 },
  bunker_spawn_exe: { args: [ptr, ptr, u32, ptr, ptr, i32], returns: i32 },
});

/** A process that could not be started: `exitCode` is Docker's (127 not found, 126 not
 * executable, else 125); `errno`/`code` as for SyscallError; the message names the stage. */
export class SpawnError extends SyscallError {
  readonly exitCode: number;

  constructor(errno: number, message: string, exitCode: number) {
    super(errno, message);
    this.exitCode = exitCode;
  }
}

/**
 * Starts a per-container monitor for an encoded spec (encodeContainerSpec) and returns once
 * (with `monitorExe`, the monitor is that small program, see monitorExecutable(); without, a
 * fork of this process)
 * the process exists (exec'd, or with waitStart waiting for START). The monitor outlives
 * this process. Blocks the calling thread for the setup (tens of milliseconds). On failure
 * nothing is left behind and a SpawnError is thrown.
 */
export function spawnProcess(spec: Uint8Array, monitorExe?: string): { monitorPid: number; pid: number } {
  const data = spec.length > 0 ? spec : new Uint8Array(1); // bun:ffi passes an empty buffer as NULL
  const out = new Int32Array(3);
  const exe = monitorExe === undefined ? undefined : cString(monitorExe);
  const { rc, message } = withMessage((msg, len) =>
    exe ? spawnHelper().bunker_spawn_exe(exe, data, spec.length, out, msg, len) : spawnHelper().bunker_spawn(data, spec.length, out, msg, len),
  );
  if (rc < 0) {
    const exitCode = out[2] === 126 || out[2] === 127 ? out[2] : 125;
    throw new SpawnError(-rc, message || `spawn failed with errno ${-rc}`, exitCode);
  }
  return { monitorPid: out[0] ?? 0, pid: out[1] ?? 0 };
}
