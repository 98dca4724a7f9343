import { cString, helper, withMessage } from "./_ffi.ts";
import { probeResult, type ProbeResult } from "./probe-result.ts";
import { SyscallError } from "./syscall-error.ts";

const EINVAL = 22;

/**
 * Whether overlayfs can be mounted here: `dir` (absolute, without ',' ':' '\') must already
 * hold lower/, upper/, work/ and merged/. With `inUserns` the mount is tried inside a fresh
 * user namespace (single-id map of this user) with "userxattr", as rootless storage does;
 * without, in a mount namespace only, which needs root. The mount dies with the probe child.
 */
export function probeOverlay(dir: string, inUserns: boolean): ProbeResult {
  if (dir.includes("\0")) throw new SyscallError(EINVAL, "probeOverlay: dir contains a NUL byte");
  const path = cString(dir);
  const { rc, message } = withMessage((msg, len) => helper().bunker_probe_overlay(path, inUserns ? 1 : 0, msg, len));
  return probeResult(rc, message);
}
