import { defaultPaths, loadDaemonConfig } from "../config/index.ts";
import { log, setLogLevel, type LogLevel } from "../lib/index.ts";
import { startDaemon } from "./daemon.ts";

export interface RunDaemonOptions {
  logLevel?: LogLevel;
  configFile?: string;
  dataRoot?: string;
  /** The API socket (default: this user's). */
  socket?: string;
}

/**
 * `bunker daemon`: run in the foreground until SIGTERM or SIGINT, then shut down cleanly
 * (socket and pid file removed, lock released) and exit 0. A bad config file or a second
 * daemon is reported on stderr with exit status 1.
 */
export async function runDaemon(opts: RunDaemonOptions): Promise<never> {
  const defaults = defaultPaths();
  const configFile = opts.configFile ?? defaults.configFile;
  const config = loadDaemonConfig(configFile);
  setLogLevel(opts.logLevel ?? config.logLevel);
  const paths = {
    ...defaults,
    configFile,
    socket: opts.socket ?? defaults.socket,
    dataRoot: opts.dataRoot ?? config.dataRoot ?? defaults.dataRoot,
  };
  const daemon = await startDaemon({ paths, config });
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        log.info(`received ${signal}`);
        resolve();
      });
    }
  });
  await daemon.stop();
  process.exit(0);
}
