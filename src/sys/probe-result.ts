import { errnoName } from "./syscall-error.ts";

/** What a capability probe found; `reason` says which step failed and why. */
export type ProbeResult = { ok: true } | { ok: false; reason: string; errno: number; code: string };

/** The result for a helper's return value and message. */
export function probeResult(rc: number, message: string): ProbeResult {
  if (rc >= 0) return { ok: true };
  return { ok: false, reason: message || `probe failed with ${errnoName(-rc)}`, errno: -rc, code: errnoName(-rc) };
}
