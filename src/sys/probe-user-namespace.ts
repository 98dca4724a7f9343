import { helper, withMessage } from "./_ffi.ts";
import { probeResult, type ProbeResult } from "./probe-result.ts";

/** Whether this user can create a user namespace (tried in a forked child that then exits). */
export function probeUserNamespace(): ProbeResult {
  const { rc, message } = withMessage((msg, len) => helper().bunker_probe_userns(msg, len));
  return probeResult(rc, message);
}
