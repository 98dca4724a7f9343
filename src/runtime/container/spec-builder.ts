import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgument } from "../../lib/index.ts";
import type { ContainerSpecRecord, NetInterfaceRecord } from "../../sys/index.ts";
import { capabilityMask, effectiveCapabilities } from "./capabilities.ts";
import { maskedPaths, readonlyPaths, rootLayers, type ContainerConfig, type NetInterface } from "./container-config.ts";
import { hostsFile, resolvConf } from "./etc-files.ts";
import type { IdMapPlan } from "./id-maps.ts";
import { rlimitOf } from "./ulimits.ts";
import { lookupUser } from "./user-lookup.ts";

export interface SpecPlaces {
  /** Persistent per-container dir: hosts, hostname, resolv.conf live here. */
  containerDir: string;
  /** Runtime dir (exec root): state.json. */
  stateDir: string;
  socketPath: string;
  logPath?: string;
  /** The socket of interface i (ContainerRuntime.netSocketPath). */
  netSocketPath?: (index: number) => string;
}

const defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** The process environment as Docker builds it: PATH, HOSTNAME, the user's, HOME, TERM with a tty. */
export function processEnv(env: string[], extra: { hostname?: string; home: string; tty: boolean }): string[] {
  const out = new Map<string, string>();
  out.set("PATH", defaultPath);
  if (extra.hostname) out.set("HOSTNAME", extra.hostname);
  for (const e of env) {
    const i = e.indexOf("=");
    if (i > 0) out.set(e.slice(0, i), e.slice(i + 1));
  }
  if (!out.has("HOME")) out.set("HOME", extra.home);
  if (extra.tty && !out.has("TERM")) out.set("TERM", "xterm");
  return [...out].map(([k, v]) => `${k}=${v}`);
}

function netInterfaceRecords(interfaces: NetInterface[], socketPath: (index: number) => string): NetInterfaceRecord[] {
  return interfaces.map((f, i) => ({ ...f, socketPath: socketPath(i) }));
}

/**
 * Turn a container's config into the record the C side runs: user resolved in the rootfs,
 * Docker's default capabilities, masks and read-only paths, /etc files, id maps, rlimits.
 */
export function buildSpec(
  config: ContainerConfig,
  places: SpecPlaces,
  idMaps: IdMapPlan,
  extra: { seccomp?: Buffer; waitStart: boolean; consoleSize?: { rows: number; cols: number } },
): ContainerSpecRecord {
  if (config.args.length === 0) throw new InvalidArgument("No command specified");
  const user = lookupUser(rootLayers(config), config.user, config.groupAdd);
  const etc = {
    hosts: join(places.containerDir, "hosts"),
    hostname: join(places.containerDir, "hostname"),
    resolv: join(places.containerDir, "resolv.conf"),
  };
  writeFileSync(etc.hosts, hostsFile(config.hostname, config.extraHosts));
  writeFileSync(etc.hostname, `${config.hostname}\n`);
  writeFileSync(etc.resolv, resolvConf({ hostNetwork: config.network === "host", dns: config.dns, dnsSearch: config.dnsSearch, dnsOptions: config.dnsOptions }));
  const caps = effectiveCapabilities({ add: config.capAdd, drop: config.capDrop, privileged: config.privileged });
  const etcMount = (source: string, target: string) => ({ kind: "bind" as const, source, target, data: "", readonly: false, recursive: false, nosuid: false, nodev: false, noexec: false, file: true });
  return {
    rootfs: config.rootfs,
    rootfsMount: config.rootfsMount,
    args: config.args,
    env: processEnv(config.env, { hostname: config.network === "host" ? undefined : config.hostname, home: user.home, tty: config.tty }),
    cwd: config.workingDir || "/",
    hostname: config.hostname,
    uid: user.uid,
    gid: user.gid,
    groups: user.groups,
    tty: config.tty,
    stdin: config.openStdin,
    readonlyRootfs: config.readonlyRootfs,
    noNewPrivileges: config.noNewPrivileges,
    init: config.init,
    newUserns: idMaps.userns,
    newNetns: config.network === "private",
    netnsPid: typeof config.network === "object" ? config.network.joinPid : undefined,
    netInterfaces: config.network === "private" && places.netSocketPath ? netInterfaceRecords(config.interfaces ?? [], places.netSocketPath) : undefined,
    newCgroupns: true,
    waitStart: extra.waitStart,
    mounts: [
      etcMount(etc.hosts, "/etc/hosts"),
      etcMount(etc.hostname, "/etc/hostname"),
      etcMount(etc.resolv, "/etc/resolv.conf"),
      ...config.binds.map((b) => ({ kind: "bind" as const, source: b.source, target: b.target, data: "", readonly: b.readonly, recursive: true, nosuid: false, nodev: false, noexec: false, file: false })),
      ...config.tmpfs.map((t) => ({ kind: "tmpfs" as const, source: "tmpfs", target: t.target, data: t.options || "mode=1777", readonly: false, recursive: false, nosuid: true, nodev: true, noexec: true, file: false })),
    ],
    maskedPaths: config.privileged ? [] : maskedPaths,
    readonlyPaths: config.privileged ? [] : readonlyPaths,
    capabilities: capabilityMask(caps),
    seccomp: extra.seccomp,
    rlimits: config.ulimits.map(rlimitOf),
    uidMap: idMaps.uidMap,
    gidMap: idMaps.gidMap,
    newuidmap: idMaps.newuidmap,
    newgidmap: idMaps.newgidmap,
    stateDir: places.stateDir,
    logPath: places.logPath,
    logMaxSize: BigInt(config.log.maxSize),
    logMaxFiles: config.log.maxFiles,
    socketPath: places.socketPath,
    consoleSize: extra.consoleSize,
  };
}
