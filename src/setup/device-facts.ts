import { closeSync, openSync } from "node:fs";
import type { DeviceFacts } from "./setup-facts.ts";

/** Opens and closes a character device read-write (opening /dev/fuse or /dev/net/tun creates nothing). */
export function deviceFacts(path: string): DeviceFacts {
  try {
    closeSync(openSync(path, "r+"));
    return { ok: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOENT" ? "no such device node" : (code ?? (err as Error).message);
    return { ok: false, reason: `cannot open ${path}: ${why}`, missing: code === "ENOENT" || code === "ENXIO" || code === "ENODEV" };
  }
}
