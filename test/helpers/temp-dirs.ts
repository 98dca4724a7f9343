import { mkdtempSync, rmSync, chmodSync } from "node:fs";
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
  return { base, paths, env, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
