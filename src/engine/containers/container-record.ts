import type { ContainerConfig } from "../../runtime/index.ts";
import type { ContainerNetworkState } from "../networks/network-record.ts";

export type ContainerStatus = "created" | "running" | "restarting" | "exited" | "dead" | "removing";

export interface ContainerState {
  status: ContainerStatus;
  pid: number;
  monitorPid: number;
  exitCode: number;
  error: string;
  startedAt: string;
  finishedAt: string;
  oomKilled: boolean;
  /** Frozen by docker pause (still running). */
  paused?: boolean;
  /** The healthcheck's findings for this run (only when the container has a healthcheck). */
  health?: HealthState;
}

/** Docker's healthcheck settings (durations in nanoseconds, 0 = the default or the image's). */
export interface HealthConfig {
  /** [] inherit, ["NONE"] off, ["CMD", prog, ...args], ["CMD-SHELL", command]. */
  test: string[];
  interval: number;
  timeout: number;
  startPeriod: number;
  startInterval: number;
  retries: number;
}

export type HealthStatus = "starting" | "healthy" | "unhealthy";

/** One probe's result, as inspect shows it (the last five are kept). */
export interface HealthProbe {
  start: string;
  end: string;
  exitCode: number;
  output: string;
}

export interface HealthState {
  status: HealthStatus;
  failingStreak: number;
  log: HealthProbe[];
}

/** What the client asked for, kept to show back in inspect (Docker's Config). */
export interface RequestedConfig {
  image: string;
  cmd: string[] | null;
  entrypoint: string[] | null;
  env: string[];
  labels: Record<string, string>;
  workingDir: string;
  user: string;
  hostname: string;
  domainname: string;
  tty: boolean;
  openStdin: boolean;
  stdinOnce: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  stopSignal: string;
  stopTimeout?: number;
  /** The healthcheck, the image's merged in (absent: none). */
  healthcheck?: HealthConfig;
}

export interface HostSettings {
  autoRemove: boolean;
  binds: string[];
  tmpfs: Record<string, string>;
  networkMode: string;
  restartPolicy: { name: string; maximumRetryCount: number };
  securityOpt: string[];
  /** --volumes-from as given (shown back in inspect). */
  volumesFrom?: string[];
  /** The log driver's options as given (json-file's max-size, max-file). */
  logConfig?: Record<string, string>;
  /** json-file (default), local (the same files, Docker's local limits) or none (nothing kept). */
  logDriver?: string;
}

/** One container as the engine keeps it in bunker.db. */
export interface ContainerRecord {
  id: string;
  name: string;
  created: string;
  /** --rootfs: a directory instead of an image. */
  rootfs?: string;
  /** The image it was made from (its config digest). */
  imageId?: string;
  requested: RequestedConfig;
  host: HostSettings;
  runtime: ContainerConfig;
  state: ContainerState;
  /** Where the monitor of the current run listens, and its state dir. */
  socketPath?: string;
  stateDir?: string;
  logPath: string;
  restartCount: number;
  /** Networks (endpoints, addresses), published ports; absent in records made before networks. */
  network?: ContainerNetworkState;
  /** Stopped or killed by the user since its last start (unless-stopped stays down; Docker's HasBeenManuallyStopped). */
  manuallyStopped?: boolean;
}

export function freshState(): ContainerState {
  return { status: "created", pid: 0, monitorPid: 0, exitCode: 0, error: "", startedAt: "0001-01-01T00:00:00Z", finishedAt: "0001-01-01T00:00:00Z", oomKilled: false };
}
