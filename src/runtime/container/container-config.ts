import type { Ulimit } from "./ulimits.ts";
import type { ResourceLimits } from "../cgroups/cgroup-driver.ts";

/** One network interface of a container: a TAP device in its network namespace whose frames
 * the container's monitor relays on ContainerRuntime.netSocketPath(id, index). */
export interface NetInterface {
  /** "eth0" */
  name: string;
  /** "02:42:ac:11:00:02" */
  mac: string;
  ipv4: string;
  prefixLength: number;
  /** The default route goes via it; only on the first interface. */
  gateway?: string;
  /** 65520 by default (the engine's choice). */
  mtu: number;
}

/** What the runtime needs to know to run one container (the engine fills it from the API). */
export interface ContainerConfig {
  /** Host path of the root filesystem (the mount point when `rootfsMount` is given). */
  rootfs: string;
  /** A filesystem to mount on `rootfs` first, inside the container (an image's overlay). */
  rootfsMount?: { type: string; source: string; options: string };
  /** The command line: entrypoint + cmd, already merged. */
  args: string[];
  env: string[];
  workingDir?: string;
  /** `user[:group]`, names resolved in the rootfs. */
  user?: string;
  /** --group-add: more supplementary groups (numbers, or names in the rootfs's /etc/group). */
  groupAdd?: string[];
  hostname: string;
  tty: boolean;
  openStdin: boolean;
  readonlyRootfs: boolean;
  /** Host directories (or named volumes: `volume` names it, `source` is its directory). */
  binds: { source: string; target: string; readonly: boolean; volume?: string; anonymous?: boolean }[];
  tmpfs: { target: string; options: string }[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  /** "default" (Bunker's profile), "unconfined", or a profile's JSON text. */
  seccomp: "default" | "unconfined" | { json: string; file: string };
  noNewPrivileges: boolean;
  ulimits: Ulimit[];
  init: boolean;
  /**
   * "private": an own network namespace (loopback, plus `interfaces`); "host": the host's;
   * { joinPid }: the network namespace of another container's process (--network container:<id>).
   */
  network: "private" | "host" | { joinPid: number };
  /** TAP devices in a "private" network namespace, index = position; absent or empty = loopback only. */
  interfaces?: NetInterface[];
  extraHosts: { host: string; ip: string }[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  stopSignal: string;
  log: { maxSize: number; maxFiles: number };
  /** Resource limits, enforced through the container's cgroups. */
  resources?: ResourceLimits;
}

/** Docker's masked paths: hidden from containers unless privileged. */
export const maskedPaths = [
  "/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
  "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
  "/sys/devices/virtual/powercap",
];

/** Docker's read-only paths, unless privileged. */
export const readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

/** The directories that make up a container's root as seen from the host, top first. */
export function rootLayers(config: Pick<ContainerConfig, "rootfs" | "rootfsMount">): string[] {
  const m = config.rootfsMount;
  if (!m || m.type !== "overlay") return [config.rootfs];
  const opt = (name: string) => m.options.split(",").find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
  return [opt("upperdir"), ...(opt("lowerdir") ?? "").split(":")].filter((d): d is string => !!d);
}
