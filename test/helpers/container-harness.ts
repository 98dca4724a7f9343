/**
 * TEST-ONLY: runs a container process through ffi/test-harness.c, a minimal stand-in for the
 * per-container monitor, so the container world (ffi/container-init.c, ffi/exec-join.c) can be
 * tested without the real monitor. Calls block the JS thread until the process is gone.
 */
import { FFIType } from "bun:ffi";
import { bindHelper } from "../../src/sys/_ffi.ts";
import { encodeContainerSpec, SyscallError, type ContainerSpecRecord } from "../../src/sys/index.ts";

const { i32, u32, ptr } = FFIType;
const harness = bindHelper({
  bunker_test_run: { args: [ptr, u32, ptr, ptr, ptr, i32, ptr, i32], returns: i32 },
  bunker_test_reap: { args: [i32, i32], returns: i32 },
});

export interface HarnessResult {
  exitCode: number;
  /** The output (stdout and stderr interleaved, or the pty's). */
  output: string;
  /** The child's ERROR message, or the harness's own failure; "" when none. */
  message: string;
  /** errno of the ERROR; 0 when none. */
  errno: number;
  /** ERROR's exit code (125/126/127); 0 when no ERROR arrived. */
  errorCode: number;
  monitorPid: number;
  /** The container's init (or the exec'd process), as the host sees it. */
  pid: number;
  timedOut: boolean;
  console: boolean;
  harnessFailure: boolean;
}

function text(buf: Buffer, len?: number): string {
  const end = len ?? buf.indexOf(0);
  return buf.toString("utf8", 0, end < 0 ? buf.length : end);
}

/** Runs `spec` to completion (or, with detach, until it has exec'd). */
export function runInHarness(spec: ContainerSpecRecord, options: { timeoutMs?: number; detach?: boolean } = {}): HarnessResult {
  const buf = encodeContainerSpec(spec);
  const opts = new Int32Array([options.detach ? 1 : 0, options.timeoutMs ?? 20000]);
  const res = new Int32Array(9);
  const out = Buffer.alloc(1 << 20);
  const msg = Buffer.alloc(1024);
  const rc = harness().bunker_test_run(buf, buf.length, opts, res, out, out.length, msg, msg.length);
  if (rc < 0) throw SyscallError.fromReturn(rc, text(msg));
  return {
    exitCode: res[0] ?? -1,
    errno: res[1] ?? 0,
    errorCode: res[2] ?? 0,
    monitorPid: res[3] ?? 0,
    pid: res[4] ?? 0,
    output: text(out, res[5]),
    timedOut: res[6] === 1,
    console: res[7] === 1,
    harnessFailure: res[8] === 1,
    message: text(msg),
  };
}

/** Collects a detached run's stand-in monitor (SIGKILL after timeoutMs); its exit status. */
export function reapHarness(monitorPid: number, timeoutMs = 10000): number {
  return harness().bunker_test_reap(monitorPid, timeoutMs);
}
