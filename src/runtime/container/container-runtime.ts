import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { release } from "node:os";
import { join } from "node:path";
import { Conflict, InvalidArgument, log, NotFound, SystemError } from "../../lib/index.ts";
import { encodeContainerSpec, spawnProcess, connectMonitor, monitorExecutable, MonitorStartError, isUsernsHolder, startUsernsHolder, type MonitorConnection, type SyscallError } from "../../sys/index.ts";
import { readPidFile } from "../../config/index.ts";
import { writeFileSync } from "node:fs";
import { collectHostFacts, probeTun } from "../host-facts.ts";
import { detectCgroups } from "../cgroups/detect.ts";
import { compileProfile, defaultSeccompProfile, parseSeccompProfile } from "../seccomp/index.ts";
import { effectiveCapabilities } from "./capabilities.ts";
import { rootLayers, type ContainerConfig, type NetInterface } from "./container-config.ts";
import { planIdMaps, type IdMapPlan } from "./id-maps.ts";
import type { MonitorLink, MonitorState, ProcessHandle } from "./process-runtime.ts";
import { StartFailure } from "./process-runtime.ts";
import { buildSpec } from "./spec-builder.ts";
import { ContainerCgroups, type UnenforcedLimits } from "../cgroups/container-cgroups.ts";
import { lookupUser } from "./user-lookup.ts";
import { withFixHint, type HintUser } from "../fix-hints.ts";
import { lookupUserName } from "../idmap/user-name.ts";

/** This process's user, for the fixes errors name. */
function hintUser(): HintUser {
  const uid = process.getuid?.() ?? 0;
  return { uid, username: lookupUserName(uid) ?? null };
}

export interface SpawnOptions {
  /** Persistent per-container dir (etc files). */
  containerDir: string;
  logPath?: string;
  waitStart: boolean;
  consoleSize?: { rows: number; cols: number };
  /** Whose cgroup the process gets (default: the id's own); a stand-in shares the container's. */
  cgroupKey?: string;
}

/**
 * Runs containers through the C helper: builds the spec, spawns the monitor, connects to it.
 * Keeps per-container runtime files under <exec-root>/containers/<id> and sockets under
 * <exec-root>/s (short paths: a unix socket path has at most 107 bytes).
 */
export class ContainerRuntime {
  private idMaps?: IdMapPlan;

  constructor(
    private readonly execRoot: string,
    private readonly unenforcedLimits: UnenforcedLimits = "refuse",
  ) {}

  /** How ids map; a warning is logged once when only one id can be mapped. */
  idMapPlan(): IdMapPlan {
    if (!this.idMaps) {
      const facts = collectHostFacts();
      this.idMaps = planIdMaps(facts, process.getgid?.() ?? 0);
      if (this.idMaps.warning) log.warn(this.idMaps.warning);
    }
    return this.idMaps;
  }

  /** Check what can be checked before anything runs; returns Docker-style warnings. */
  validate(config: ContainerConfig): string[] {
    let st;
    try {
      st = statSync(config.rootfs);
    } catch {
      throw new InvalidArgument(`rootfs ${config.rootfs} does not exist`);
    }
    if (!st.isDirectory()) throw new InvalidArgument(`rootfs ${config.rootfs} is not a directory`);
    for (const b of config.binds) {
      if (!existsSync(b.source)) throw new InvalidArgument(`invalid mount config for type "bind": bind source path does not exist: ${b.source}`);
    }
    const interfaces = config.interfaces ?? [];
    if (interfaces.length > 0 && config.network !== "private") throw new InvalidArgument("network interfaces need a private network namespace (not the host's or another container's)");
    if (typeof config.network === "object" && !(Number.isInteger(config.network.joinPid) && config.network.joinPid > 0)) throw new InvalidArgument(`cannot join the network of pid ${config.network.joinPid}`);
    if (interfaces.length > 0) {
      const tun = probeTun();
      if (!tun.ok) throw new SystemError(withFixHint(tun.reason, hintUser()));
    }
    lookupUser(rootLayers(config), config.user, config.groupAdd);
    effectiveCapabilities({ add: config.capAdd, drop: config.capDrop, privileged: config.privileged });
    this.seccompFor(config);
    const warnings = this.cgroups().check(config.resources ?? {});
    const warning = this.idMapPlan().warning;
    return warning ? [warning, ...warnings] : warnings;
  }

  private seccompFor(config: ContainerConfig): Buffer | undefined {
    if (config.privileged || config.seccomp === "unconfined") return undefined;
    const profile = config.seccomp === "default" ? defaultSeccompProfile : parseSeccompProfile(config.seccomp.json, config.seccomp.file);
    const caps = effectiveCapabilities({ add: config.capAdd, drop: config.capDrop, privileged: config.privileged });
    return compileProfile(profile, { capabilities: caps, arch: process.arch, kernel: release() });
  }

  private places(id: string) {
    const stateDir = join(this.execRoot, "containers", id);
    mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    mkdirSync(join(this.execRoot, "s"), { recursive: true, mode: 0o700 });
    return { stateDir, socketPath: join(this.execRoot, "s", `${id.slice(0, 16)}.sock`) };
  }

  /**
   * Where the monitor of container `id` serves the frames of its interface `index` (the
   * position in ContainerConfig.interfaces), [u32 BE length][Ethernet frame] each way, one
   * client at a time (a new connection replaces the old). Stable across daemon restarts.
   */
  netSocketPath(id: string, index: number): string {
    return join(this.execRoot, "s", `${id.slice(0, 16)}.n${index}.sock`);
  }

  /**
   * `docker network connect` on a running container: one more TAP device in the network
   * namespace of its process `pid` (made by its monitor), served on the next free
   * netSocketPath(id, index); returns that path. The monitor's pid must still be `pid`.
   */
  async addInterface(id: string, pid: number, iface: NetInterface): Promise<string> {
    const tun = probeTun();
    if (!tun.ok) throw new SystemError(withFixHint(tun.reason, hintUser()));
    let index = 0;
    while (existsSync(this.netSocketPath(id, index))) index++;
    const socketPath = this.netSocketPath(id, index);
    await this.withMonitor(id, pid, (conn) => conn.addNetInterface({ ...iface, socketPath }));
    return socketPath;
  }

  /** `docker network disconnect`: the interface `name` goes away with its socket. */
  async removeInterface(id: string, name: string): Promise<void> {
    await this.withMonitor(id, undefined, (conn) => conn.removeNetInterface(name));
  }

  private async withMonitor(id: string, pid: number | undefined, run: (conn: MonitorConnection) => Promise<void>): Promise<void> {
    const conn = await connectMonitor(this.places(id).socketPath, {}).catch((err: unknown) => {
      throw new Conflict(`container ${id} is not running (${(err as Error).message})`);
    });
    try {
      if (pid !== undefined) {
        const seen = await new Promise<number | undefined>((resolve) => {
          if (conn.pid !== undefined) return resolve(conn.pid);
          conn.on("pid", resolve);
          conn.on("close", () => resolve(undefined));
        });
        if (seen !== pid) throw new Conflict(`container ${id} is not running as process ${pid}`);
      }
      await run(conn).catch((err: unknown) => {
        const e = err as SyscallError;
        if (e.code === "ENOENT") throw new NotFound(e.message);
        if (e.code === "EEXIST") throw new Conflict(e.message);
        if (e.code === "EINVAL") throw new InvalidArgument(e.message);
        throw err;
      });
    } finally {
      conn.close();
    }
  }

  /** Start a container's monitor and process (held before exec with waitStart). */
  async spawn(id: string, config: ContainerConfig, opts: SpawnOptions): Promise<ProcessHandle> {
    const { stateDir, socketPath } = this.places(id);
    rmSync(join(stateDir, "state.json"), { force: true });
    const netSocketPath = (index: number) => this.netSocketPath(id, index);
    const spec = buildSpec(config, { containerDir: opts.containerDir, stateDir, socketPath, logPath: opts.logPath, netSocketPath }, this.idMapPlan(), {
      seccomp: this.seccompFor(config),
      waitStart: opts.waitStart,
      consoleSize: opts.consoleSize,
    });
    const shared = this.sharedUserns();
    if (shared) {
      spec.newUserns = false;
      spec.usernsPath = shared;
    }
    // Its own cgroups (limits written) before the process exists; it joins them first thing.
    const cgroupKey = opts.cgroupKey ?? id;
    spec.cgroupProcs = this.cgroups().create(cgroupKey, config.resources ?? {});
    try {
      const started = spawnOrFail(encodeContainerSpec(spec), this.monitorExe());
      return { ...started, socketPath, stateDir, netSocketPaths: (spec.netInterfaces ?? []).map((f) => f.socketPath) };
    } catch (err) {
      this.cgroups().remove(cgroupKey);
      throw err;
    }
  }

  private cgroupsOf?: ContainerCgroups;

  /** The containers' cgroups under what the host delegates (detected once). */
  cgroups(): ContainerCgroups {
    this.cgroupsOf ??= new ContainerCgroups(detectCgroups(), { unenforced: this.unenforcedLimits });
    return this.cgroupsOf;
  }

  /**
   * Rootless with a full subordinate map: the path of the user namespace all containers share
   * (as podman's pause process does), so a start needs no newuidmap run. The holder's pid is kept
   * in <exec-root>/userns.pid and reused by later daemons; a dead one is replaced.
   */
  private sharedUserns(): string | undefined {
    const pid = this.usernsHolder();
    return pid === undefined ? undefined : `/proc/${pid}/ns/user`;
  }

  /** The pid of the shared user namespace's holder, started when needed; undefined when there is none. */
  usernsHolder(): number | undefined {
    const plan = this.idMapPlan();
    if (!plan.userns || !plan.newuidmap || !plan.newgidmap) return undefined;
    const pidFile = join(this.execRoot, "userns.pid");
    let pid = readPidFile(pidFile);
    if (!pid || !isUsernsHolder(pid)) {
      try {
        pid = startUsernsHolder(this.monitorExe(), { newuidmap: plan.newuidmap, newgidmap: plan.newgidmap, uidMap: plan.uidMap, gidMap: plan.gidMap });
      } catch (err) {
        throw new SystemError(withFixHint((err as Error).message, hintUser()), { cause: err });
      }
      writeFileSync(pidFile, `${pid}\n`, { mode: 0o600 });
      log.info("shared user namespace ready", { holder: pid });
    }
    return pid;
  }

  private monitorPath?: string;

  /** The monitor program, written out into the exec root on first use. */
  monitorExe(): string {
    this.monitorPath ??= monitorExecutable(this.execRoot);
    return this.monitorPath;
  }

  /** Start a process inside a running container (docker exec). */
  async spawnExec(execId: string, containerPid: number, config: ContainerConfig, exec: ExecConfig): Promise<ProcessHandle> {
    const { stateDir, socketPath } = this.places(`x${execId}`);
    const spec = buildSpec(
      { ...config, args: exec.args, env: [...config.env, ...exec.env], user: exec.user || config.user, workingDir: exec.workingDir || config.workingDir, tty: exec.tty, openStdin: exec.stdin, privileged: config.privileged || exec.privileged },
      { containerDir: join(stateDir), stateDir, socketPath },
      this.idMapPlan(),
      { seccomp: this.seccompFor(config), waitStart: true, consoleSize: exec.consoleSize },
    );
    spec.execPid = containerPid;
    spec.mounts = [];
    spec.cgroupProcs = this.cgroups().procsFiles(exec.containerId);
    spec.netnsPid = undefined; // an exec joins every namespace of containerPid
    spec.netInterfaces = undefined;
    const started = spawnOrFail(encodeContainerSpec(spec), this.monitorExe());
    return { ...started, socketPath, stateDir, netSocketPaths: [] };
  }

  /** Connect to a monitor; start() failures come back as StartFailure with Docker's exit code. */
  async connect(socketPath: string, opts: { output: boolean }): Promise<MonitorLink> {
    const conn = await connectMonitor(socketPath, { output: opts.output });
    const start = conn.start.bind(conn);
    return Object.assign(conn, {
      start: () =>
        start().catch((err: unknown) => {
          if (err instanceof MonitorStartError) throw new StartFailure(withFixHint(err.message, hintUser()), err.exitCode);
          throw err;
        }),
    });
  }

  readState(stateDir: string): MonitorState | undefined {
    try {
      return JSON.parse(readFileSync(join(stateDir, "state.json"), "utf8")) as MonitorState;
    } catch {
      return undefined;
    }
  }
}

export interface ExecConfig {
  /** The container's id: the exec joins its cgroups. */
  containerId: string;
  args: string[];
  env: string[];
  user?: string;
  workingDir?: string;
  tty: boolean;
  stdin: boolean;
  privileged: boolean;
  consoleSize?: { rows: number; cols: number };
}

function spawnOrFail(spec: Buffer, monitorExe: string): { monitorPid: number; pid: number } {
  try {
    return spawnProcess(spec, monitorExe);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === "number" && code >= 125) throw new StartFailure(withFixHint((err as Error).message, hintUser()), code);
    throw err;
  }
}
