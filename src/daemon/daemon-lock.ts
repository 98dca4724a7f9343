import { closeSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readPidFile as readPid } from "../config/index.ts";
import { Conflict } from "../lib/index.ts";
import { lockFile, SyscallError } from "../sys/index.ts";

/**
 * The one-daemon-per-user lock: an flock on <exec-root>/bunker.lock, held for the daemon's
 * life. The kernel drops it when the process dies, so a SIGKILLed daemon never leaves a
 * stale lock behind; the pid file next to it is only for humans and `bunker daemon stop`.
 */
export class DaemonLock {
  private constructor(
    private readonly fd: number,
    private readonly pidFile: string,
  ) {}

  static acquire(lockPath: string, pidFile: string): DaemonLock {
    const fd = openSync(lockPath, "a+", 0o600);
    try {
      lockFile(fd);
    } catch (err) {
      closeSync(fd);
      if (err instanceof SyscallError && err.code === "EAGAIN") {
        const pid = readPid(pidFile);
        throw new Conflict(`another bunker daemon is already running${pid ? ` (pid ${pid})` : ""}; its lock is ${lockPath}`);
      }
      throw err;
    }
    const tmp = `${pidFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${process.pid}\n`, { mode: 0o644 });
    renameSync(tmp, pidFile);
    return new DaemonLock(fd, pidFile);
  }

  release(): void {
    if (readPid(this.pidFile) === process.pid) rmSync(this.pidFile, { force: true });
    closeSync(this.fd);
  }
}
