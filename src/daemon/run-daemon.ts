import { defaultPaths, loadDaemonConfig, type DaemonConfig, type DaemonTls } from "../config/index.ts";
import { InvalidArgument, log, setLogLevel, type LogLevel } from "../lib/index.ts";
import { startDaemon } from "./daemon.ts";

export interface RunDaemonOptions {
  logLevel?: LogLevel;
  configFile?: string;
  dataRoot?: string;
  /** The API socket (default: this user's). */
  socket?: string;
  /** `-H` flags: addresses to serve (as daemon.json `hosts`). */
  hosts?: string[];
  /** `--tls`, `--tlsverify`, `--tlscacert`, `--tlscert`, `--tlskey` as given. */
  tls?: DaemonTls;
}

/**
 * Flags over daemon.json, as dockerd: a setting given both ways is an error that names it,
 * rather than one silently winning.
 */
function withFlags(config: DaemonConfig, opts: RunDaemonOptions, configFile: string): DaemonConfig {
  const both: string[] = [];
  const hosts = opts.hosts ?? [];
  if (hosts.length > 0 && config.hosts.length > 0) both.push(`hosts: (from flag: [${hosts.join(" ")}], from file: [${config.hosts.join(" ")}])`);
  const tls: DaemonTls = { ...config.tls };
  for (const [key, value] of Object.entries(opts.tls ?? {}) as [keyof DaemonTls, never][]) {
    if (value === undefined) continue;
    if (config.tls[key] !== undefined) both.push(`${key}: (from flag: ${value}, from file: ${config.tls[key]})`);
    tls[key] = value;
  }
  if (both.length > 0) throw new InvalidArgument(`the following directives are specified both as a flag and in the configuration file (${configFile}): ${both.join(", ")}`);
  return { ...config, hosts: hosts.length > 0 ? hosts : config.hosts, tls };
}

/**
 * `bunker daemon`: run in the foreground until SIGTERM or SIGINT, then shut down cleanly
 * (socket and pid file removed, lock released) and exit 0. A bad config file or a second
 * daemon is reported on stderr with exit status 1.
 */
export async function runDaemon(opts: RunDaemonOptions): Promise<never> {
  const defaults = defaultPaths();
  const configFile = opts.configFile ?? defaults.configFile;
  const config = withFlags(loadDaemonConfig(configFile), opts, configFile);
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
