import { readFileSync } from "node:fs";
import { SystemError } from "../lib/index.ts";
import type { IdMapRange } from "./container-spec.ts";

const words = (maps: IdMapRange[]) => maps.flatMap((m) => [String(m.inside), String(m.outside), String(m.count)]);

/**
 * Start the process that holds the user namespace the daemon's rootless containers share
 * (`bunker-monitor userns-holder`, see ffi/monitor-exe.c): created and mapped once with
 * newuidmap/newgidmap, then joined by every container. Returns the holder's pid.
 */
export function startUsernsHolder(monitorExe: string, opts: { newuidmap: string; newgidmap: string; uidMap: IdMapRange[]; gidMap: IdMapRange[] }): number {
  const r = Bun.spawnSync([monitorExe, "userns-holder", opts.newuidmap, opts.newgidmap, ...words(opts.uidMap), "--", ...words(opts.gidMap)], {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const pid = Number.parseInt(r.stdout.toString().trim(), 10);
  if (r.exitCode !== 0 || !Number.isSafeInteger(pid) || pid <= 0) {
    throw new SystemError(`cannot create the shared user namespace: ${r.stderr.toString().trim() || `exit status ${r.exitCode}`}`);
  }
  return pid;
}

/** Whether `pid` is a live namespace holder (and not another process that reused the pid). */
export function isUsernsHolder(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] === "userns-holder";
  } catch {
    return false;
  }
}
