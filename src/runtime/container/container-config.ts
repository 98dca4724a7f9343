import type { Ulimit } from "./ulimits.ts";

/** What the runtime needs to know to run one container (the engine fills it from the API). */
export interface ContainerConfig {
  /** Host path of the root filesystem. */
  rootfs: string;
  /** The command line: entrypoint + cmd, already merged. */
  args: string[];
  env: string[];
  workingDir?: string;
  /** `user[:group]`, names resolved in the rootfs. */
  user?: string;
  hostname: string;
  tty: boolean;
  openStdin: boolean;
  readonlyRootfs: boolean;
  binds: { source: string; target: string; readonly: boolean }[];
  tmpfs: { target: string; options: string }[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  /** "default" (Bunker's profile), "unconfined", or a profile's JSON text. */
  seccomp: "default" | "unconfined" | { json: string; file: string };
  noNewPrivileges: boolean;
  ulimits: Ulimit[];
  init: boolean;
  /** "private": an own network namespace (loopback only, for now); "host": the host's. */
  network: "private" | "host";
  extraHosts: { host: string; ip: string }[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  stopSignal: string;
  log: { maxSize: number; maxFiles: number };
}

/** Docker's masked paths: hidden from containers unless privileged. */
export const maskedPaths = [
  "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
  "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
  "/sys/devices/virtual/powercap",
];

/** Docker's read-only paths, unless privileged. */
export const readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];
