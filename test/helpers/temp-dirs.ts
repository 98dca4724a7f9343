import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

/** A fresh private directory tree for one daemon: exec root, data root, config file path. */
export function tempBunkerDirs(prefix = "bk-") {
  // Short base path: unix socket paths are limited to 107 bytes.
  const base = mkdtempSync(join("/tmp", prefix));
  chmodSync(base, 0o700);
  const paths = {
    socket: join(base, "run", "bunker.sock"),
    execRoot: join(base, "run"),
    dataRoot: join(base, "data"),
    configFile: join(base, "daemon.json"),
  };
  const env = { BUNKER_EXEC_ROOT: paths.execRoot, BUNKER_DATA_ROOT: paths.dataRoot, BUNKER_CONFIG_FILE: paths.configFile };
  const cleanup = () => {
    // A rootless daemon leaves its shared user namespace holder running (as podman does): end it.
    try {
      const pid = Number(readFileSync(join(paths.execRoot, "userns.pid"), "utf8"));
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[1] === "userns-holder") process.kill(pid, "SIGKILL");
    } catch {
      // no holder
    }
    try {
      rmSync(base, { recursive: true, force: true });
    } catch {
      // a rootless container's files of subordinate ids cannot be removed from outside: leave them in /tmp
    }
  };
  return { base, paths, env, cleanup };
}
