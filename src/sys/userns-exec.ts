import { InvalidArgument } from "../lib/index.ts";

/**
 * The argv prefix that runs a command as uid/gid 0 inside the user namespace held by
 * `holderPid` (a `bunker-monitor userns-holder`, see startUsernsHolder), through
 * `bunker-monitor userns-exec PID --` (ffi/monitor-exe.c): e.g. a layer unpack as container
 * root, so the files it creates and lchown()s get the subordinate ids on the host. Only the
 * user namespace is joined; mounts, pids and the network stay the caller's. The command's
 * program is a path, or a name looked up in PATH; it inherits the environment.
 *   Bun.spawn([...usernsExecArgv(exe, pid), "/usr/bin/id", "-u"])  // prints 0
 */
export function usernsExecArgv(monitorExe: string, holderPid: number): string[] {
  if (!Number.isSafeInteger(holderPid) || holderPid <= 0 || holderPid > 0x3fffffff) throw new InvalidArgument(`userns-exec: not a pid: ${holderPid}`);
  if (monitorExe === "") throw new InvalidArgument("userns-exec: no monitor executable");
  return [monitorExe, "userns-exec", String(holderPid), "--"];
}
