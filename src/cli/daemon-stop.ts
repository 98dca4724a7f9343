import { readFileSync } from "node:fs";
import { defaultPaths, readPidFile, runtimeFiles } from "../config/index.ts";
import { SystemError } from "../lib/index.ts";
import { command } from "./command.ts";

/** Whether `pid` still runs. A zombie (exited, not yet reaped by its parent, often init) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Whether `pid` is a bunker daemon (and not another process that reused a stale pid). */
function isDaemon(pid: number): boolean {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return argv.includes("daemon");
  } catch {
    return false;
  }
}

export default command({
  meta: { name: "stop", description: "Stop the running daemon and wait until it has exited" },
  args: {
    time: { type: "string", alias: "t", description: "Seconds to wait before giving up", default: "30", valueHint: "seconds" },
  },
  async run({ args }) {
    const seconds = Number(args.time);
    if (!Number.isFinite(seconds) || seconds < 0) throw new SystemError(`invalid --time ${JSON.stringify(args.time)}`);
    const pidFile = runtimeFiles(defaultPaths().execRoot).pid;
    const pid = readPidFile(pidFile);
    if (!pid || !alive(pid) || !isDaemon(pid)) {
      console.log("No Bunker daemon is running.");
      return;
    }
    process.kill(pid, "SIGTERM");
    const deadline = Date.now() + seconds * 1000;
    while (alive(pid)) {
      if (Date.now() > deadline) throw new SystemError(`the daemon (pid ${pid}) did not exit within ${seconds}s`);
      await Bun.sleep(25);
    }
    console.log(`Stopped the Bunker daemon (pid ${pid}).`);
  },
});
