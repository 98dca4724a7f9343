import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { Conflict, InvalidArgument, NotImplemented, NotModified, log, newId, shortId } from "../../lib/index.ts";
import { prunable, type PruneFilter } from "../prune-filters.ts";
import { writableSize } from "./writable-size.ts";
import type { ImageService } from "../images/image-service.ts";
import type { Image } from "../images/image-doc.ts";
import { applyImageDefaults } from "./image-defaults.ts";
import { anonymousVolumeLabel, type VolumeService } from "../volumes/volume-service.ts";
import { containerTop } from "./top.ts";
import { StartFailure, rootLayers, type ContainerConfig, type ContainerRuntime, type MonitorLink } from "../../runtime/index.ts";
import { freshState, type ContainerRecord, type HostSettings, type RequestedConfig } from "./container-record.ts";
import type { ContainerStore } from "./container-store.ts";
import { randomName, validName } from "./names.ts";
import { signalNumber } from "./signals.ts";
import { readLogs, type LogEntry, type LogOptions } from "./logs.ts";
import type { ContainerNetworking } from "../networks/container-networking.ts";
import type { NetworkRequest } from "../networks/network-record.ts";
import { EventBus } from "../events/index.ts";
import { emitContainerEvent, emitVolumeEvents } from "./container-events.ts";
import { validateRestartPolicy } from "./restart-policy.ts";
import { liveRestore } from "./live-restore.ts";
import { RestartScheduler } from "./restart-scheduler.ts";
import { HealthChecker, probeArgs, type ProbeRunner } from "./health-checker.ts";
import { ContainerFiles } from "./container-files.ts";

export interface CreateInput {
  name?: string;
  rootfs?: string;
  image?: string;
  requested: RequestedConfig;
  host: HostSettings;
  runtime: Omit<ContainerConfig, "rootfs" | "hostname"> & { hostname?: string };
  /** Networks and ports asked for (HostConfig.NetworkMode, PortBindings, NetworkingConfig...). */
  network?: NetworkRequest;
  /** Config.Volumes (`-v /path`): anonymous volumes, with the image's VOLUMEs added. */
  volumes?: string[];
  /** HostConfig.VolumesFrom: "container[:ro|rw]". */
  volumesFrom?: string[];
}

type Waiter = { condition: "not-running" | "next-exit" | "removed"; resolve: (r: { exitCode: number; error?: string }) => void };

/** Output and input of an attached client, wired to the monitor when the container runs. */
export interface AttachTarget {
  stdout: boolean;
  stderr: boolean;
  onOutput(stream: "stdout" | "stderr", data: Buffer): void;
  /** The container exited (or the link ended): finish the stream. */
  onEnd(): void;
  /** Set by the service: feed the container's stdin. */
  link?: MonitorLink;
  /** Called once the link exists (at attach when running, else when the container starts). */
  onLink?: (link: MonitorLink) => void;
}

/**
 * Containers: create, start, stop, kill, wait, remove. The live side (monitor links) is held
 * here; everything else is in bunker.db and in the monitors' state files, so a restarted
 * daemon picks running containers up again (adopt()).
 */
export class ContainerService {
  private readonly links = new Map<string, MonitorLink>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly pendingAttach = new Map<string, AttachTarget[]>();

  constructor(
    readonly store: ContainerStore,
    private readonly runtime: ContainerRuntime,
    private readonly dataRoot: string,
    private readonly images: ImageService,
    private readonly volumes: VolumeService,
    private readonly networking?: ContainerNetworking,
    /** Where lifecycle events go (GET /events). */
    readonly events: EventBus = new EventBus(),
    /** How healthcheck probes run (the exec service); without it no healthchecks run. */
    private readonly probe?: ProbeRunner,
  ) {}

  private filesView?: ContainerFiles;
  /** cp, diff, export and commit: the container's filesystem (see ContainerFiles). */
  get files(): ContainerFiles {
    return (this.filesView ??= new ContainerFiles(this.store, this.runtime, this.images, this.dataRoot, this.events));
  }

  private readonly health = new HealthChecker({
    run: (id, args, timeoutMs) => (this.probe ? this.probe(id, args, timeoutMs) : Promise.resolve({ exitCode: -1, output: "no probe runner", timedOut: false })),
    current: (id) => {
      const r = this.store.tryFind(id);
      return r?.state.status === "running" ? r.state.health : undefined;
    },
    probeable: (id) => !this.store.tryFind(id)?.state.paused,
    record: (id, health, changed) => {
      const updated = this.store.update(id, (r) => void (r.state.health = health));
      if (changed) this.emit(updated, `health_status: ${health.status}`);
    },
  });

  /** Start the healthcheck of a running container (a fresh start, or one adopted after a daemon restart). */
  private startHealth(record: ContainerRecord): void {
    if (!this.probe) return;
    const initial = this.health.start(record.id, record.requested.healthcheck, Date.parse(record.state.startedAt));
    if (initial && !record.state.health) this.store.update(record.id, (r) => void (r.state.health = initial));
  }

  private readonly restarts = new RestartScheduler();
  private closed = false;
  /** Containers whose start event is not out yet (a fast exit may be reported before start() returns). */
  private readonly starting = new Set<string>();

  /** The start event, once per run, before anything about its end. */
  private emitStarted(record: ContainerRecord): void {
    if (this.starting.delete(record.id)) this.emit(record, "start");
  }

  private emit(record: ContainerRecord, action: string, extra: Record<string, string> = {}): void {
    emitContainerEvent(this.events, record, action, extra);
  }

  private emitVolumes(record: ContainerRecord, action: "mount" | "unmount"): void {
    emitVolumeEvents(this.events, record, action);
  }

  async create(request: CreateInput): Promise<{ id: string; warnings: string[] }> {
    let input = request;
    let image: Image | undefined;
    if (!input.rootfs) {
      if (!input.image) throw new InvalidArgument("No image specified: give an image or --rootfs DIR");
      image = this.images.find(input.image); // "No such image: X" (404): docker's CLI then pulls
      input = applyImageDefaults(input, image);
    }
    validateRestartPolicy(input.host.restartPolicy, input.host.autoRemove);
    let name = input.name?.replace(/^\//, "");
    if (name !== undefined && name !== "") {
      if (!validName.test(name)) throw new InvalidArgument(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
      const other = this.store.list().find((c) => c.name === name);
      if (other) throw new Conflict(`Conflict. The container name "/${name}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    } else {
      name = randomName((n) => this.store.nameTaken(n));
    }
    const id = newId();
    const runtime: ContainerConfig = { ...input.runtime, rootfs: input.rootfs ?? "", hostname: input.runtime.hostname || shortId(id) };
    runtime.binds = [...runtime.binds, ...this.volumesFrom(input.volumesFrom ?? [], runtime.binds)];
    const mounted = (target: string) => runtime.binds.some((b) => b.target === target) || runtime.tmpfs.some((t) => t.target === target);
    for (const target of new Set(input.volumes ?? [])) {
      if (!mounted(target)) runtime.binds.push({ source: "", target, readonly: false, volume: "", anonymous: true });
    }
    // Named volumes are made on first use, as Docker does; their directory is what gets mounted.
    const fresh: { target: string; dir: string }[] = [];
    runtime.binds = runtime.binds.map((b) => {
      if (b.volume === undefined) return b;
      // A volume without a name is anonymous: labelled as Docker labels it, for prune and rm -v.
      const v = this.volumes.create({ name: b.volume || undefined, labels: b.volume ? undefined : { [anonymousVolumeLabel]: "" } });
      if (isEmptyDir(v.mountpoint)) fresh.push({ target: b.target, dir: v.mountpoint });
      return { ...b, source: v.mountpoint, volume: v.name };
    });
    if (image) Object.assign(runtime, await this.imageRootfs(id, image));
    // A new, empty volume gets what the image has at its path (Docker's copy-up).
    for (const f of fresh) await this.images.copyUp({ layers: rootLayers(runtime), under: f.target, dest: f.dir });
    let warnings: string[];
    let network;
    try {
      warnings = this.runtime.validate(runtime); // before anything is written: bad input leaves nothing
      if (input.network && this.networking) network = this.networking.plan({ id, name }, input.network, warnings); // no await from here to save: addresses stay unique
    } catch (err) {
      if (image) await this.images.snapshotter.remove(id).catch(() => undefined);
      throw err;
    }
    const dir = join(this.dataRoot, "containers", id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const record: ContainerRecord = {
      id,
      name,
      created: new Date().toISOString(),
      rootfs: input.rootfs,
      imageId: image?.id,
      requested: { ...input.requested, hostname: runtime.hostname },
      host: input.host,
      runtime,
      state: freshState(),
      logPath: join(dir, `${id}-json.log`),
      restartCount: 0,
      network,
    };
    this.store.save(record);
    log.info("container created", { id: shortId(id), name });
    this.emit(record, "create");
    return { id, warnings };
  }

  /** The container's writable layer over the image's layers: a directory (vfs) or an overlay mount. */
  private async imageRootfs(id: string, image: Image): Promise<Pick<ContainerConfig, "rootfs" | "rootfsMount">> {
    const snap = await this.images.snapshotter.prepare(id, [...image.layers].reverse());
    if (!snap.mount) return { rootfs: snap.rootfs };
    if (snap.mount.program || snap.mount.cwd) {
      await this.images.snapshotter.remove(id).catch(() => undefined);
      throw new NotImplemented(`containers on ${this.images.snapshotter.name} with this many layers are not supported yet`);
    }
    return { rootfs: snap.rootfs, rootfsMount: { type: snap.mount.type, source: snap.mount.source, options: snap.mount.options.join(",") } };
  }

  /** --volumes-from: the other container's volumes and binds, read-only when asked (":ro"). */
  private volumesFrom(specs: string[], own: ContainerConfig["binds"]): ContainerConfig["binds"] {
    const out: ContainerConfig["binds"] = [];
    for (const spec of specs) {
      const [ref = "", mode] = spec.split(":");
      if (mode !== undefined && mode !== "ro" && mode !== "rw") throw new InvalidArgument(`invalid mode for volumes-from: ${mode}`);
      const from = this.store.find(ref);
      for (const b of from.runtime.binds) {
        if (own.some((x) => x.target === b.target) || out.some((x) => x.target === b.target)) continue;
        out.push({ ...b, readonly: mode === undefined ? b.readonly : mode === "ro", anonymous: undefined });
      }
    }
    return out;
  }

  /** Ids of the containers that mount a named volume. */
  usingVolume(name: string): string[] {
    return this.store.list().filter((c) => c.runtime.binds.some((b) => b.volume === name)).map((c) => c.id);
  }

  /** Ids of the containers made from an image (rmi refuses while there are any). */
  usingImage(imageId: string): string[] {
    return this.store.list().filter((c) => c.imageId === imageId).map((c) => c.id);
  }

  /** Start the container (a user's start: a fresh series of policy restarts, RestartCount 0). */
  async start(ref: string): Promise<void> {
    const record = this.store.find(ref);
    if (record.state.status === "running" || record.state.status === "restarting") throw new NotModified("container already started");
    if (record.state.status === "removing" || record.state.status === "dead") throw new Conflict(`container ${record.id} is marked for removal and cannot be started`);
    this.restarts.reset(record.id);
    record.manuallyStopped = false;
    record.restartCount = 0;
    await this.run(record);
  }

  /** Start the container's process; attached clients waiting for it are wired before it runs. */
  private async run(record: ContainerRecord): Promise<void> {
    const config = this.networking ? this.networking.runtimeConfig(record) : record.runtime;
    const handle = await this.runtime.spawn(record.id, config, { logPath: record.host.logDriver === "none" ? undefined : record.logPath, containerDir: join(this.dataRoot, "containers", record.id), waitStart: true });
    this.store.update(record.id, (r) => {
      r.state = { ...freshState(), status: "running", pid: handle.pid, monitorPid: handle.monitorPid, startedAt: new Date().toISOString() };
      if (probeArgs(r.requested.healthcheck)) r.state.health = { status: "starting", failingStreak: 0, log: [] };
      r.socketPath = handle.socketPath;
      r.stateDir = handle.stateDir;
      r.restartCount = record.restartCount;
      r.manuallyStopped = record.manuallyStopped;
    });
    this.emitVolumes(record, "mount");
    const control = await this.runtime.connect(handle.socketPath, { output: false });
    this.starting.add(record.id);
    this.watch(record.id, control);
    try {
      await this.networking?.started(record.id, handle);
    } catch (err) {
      control.signal(signalNumber("KILL"));
      throw err;
    }
    for (const target of this.pendingAttach.get(record.id) ?? []) await this.wire(record.id, handle.socketPath, target);
    this.pendingAttach.delete(record.id);
    try {
      await control.start();
    } catch (err) {
      if (err instanceof StartFailure) {
        this.starting.delete(record.id);
        this.exited(record.id, err.exitCode, err.message, undefined, false);
        throw new InvalidArgument(`failed to create task for container: ${err.message}`);
      }
      throw err;
    }
    this.emitStarted(record);
    // A fast exit (and --rm) may have ended the run, or the record, by now.
    const now = this.store.tryFind(record.id);
    if (now?.state.status === "running") this.startHealth(now);
    log.info("container started", { id: shortId(record.id), pid: handle.pid });
  }

  /** Follow a running container's monitor; its exit updates the record. */
  private watch(id: string, control: MonitorLink): void {
    this.links.set(id, control);
    let exited = false;
    control.onExit((e) => {
      exited = true;
      this.exited(id, e.exitCode, "");
    });
    control.onClose(() => {
      // A restarted container has a new link by now: only this monitor's own entry goes.
      if (this.links.get(id) === control) this.links.delete(id);
      if (exited || this.closed) return;
      // The monitor went away without an exit report: read what it left in state.json.
      const r = this.store.tryFind(id);
      const state = r?.stateDir ? this.runtime.readState(r.stateDir) : undefined;
      if (state?.status === "exited") this.exited(id, state.exitCode ?? 0, state.error ?? "", state.finishedAt);
      else if (r?.state.status === "running") this.exited(id, 137, "the container's monitor disappeared");
    });
  }

  /**
   * The container's process ended: record it, tell waiters, then apply the restart policy
   * (status "restarting" and RestartCount + 1 while the backoff runs, as Docker shows it) or
   * remove an --rm container. `mayRestart` is false when the process never started.
   */
  private exited(id: string, exitCode: number, error: string, finishedAt?: string, mayRestart = true): void {
    if (this.closed) return; // the daemon is stopping: the next one reads the exit from state.json
    const record = this.store.tryFind(id);
    if (!record || record.state.status !== "running") return;
    this.health.stop(id);
    // The kernel's word on an OOM kill, read before the container's cgroup goes.
    const oomKilled = this.runtime.cgroups().oomKilled(id);
    this.runtime.cgroups().remove(id);
    this.networking?.stopped(id, { drain: mayRestart });
    const finished = finishedAt ?? new Date().toISOString();
    const ranFor = Date.parse(finished) - Date.parse(record.state.startedAt);
    const delay = mayRestart ? this.restarts.decide(record, exitCode, ranFor) : undefined;
    const updated = this.store.update(id, (r) => {
      r.state = { ...r.state, status: delay === undefined ? "exited" : "restarting", pid: 0, monitorPid: 0, exitCode, error, oomKilled, paused: false, finishedAt: finished };
      if (delay !== undefined) r.restartCount++;
    });
    log.info("container exited", { id: shortId(id), exitCode });
    if (mayRestart) this.emitStarted(updated);
    else this.starting.delete(id);
    this.emitVolumes(updated, "unmount");
    this.emit(updated, "die", { exitCode: String(exitCode), execDuration: String(Math.max(0, Math.floor(ranFor / 1000))) });
    this.notify(id, ["not-running", "next-exit"], { exitCode, error: error || undefined });
    if (delay !== undefined) {
      this.restarts.schedule(id, delay, () => void this.restartByPolicy(id));
      return;
    }
    if (updated.host.autoRemove) void this.remove(id, { force: true, volumes: true }).catch((err) => log.warn("auto-remove failed", { id: shortId(id), error: String(err) }));
  }

  /** The backoff is over: start it again (a failure leaves it exited, as Docker does). */
  private async restartByPolicy(id: string): Promise<void> {
    const record = this.store.tryFind(id);
    if (!record || record.state.status !== "restarting") return;
    try {
      await this.run(record);
    } catch (err) {
      log.warn("restart by policy failed", { id: shortId(id), error: String(err) });
      const now = this.store.tryFind(id);
      if (now?.state.status === "restarting") this.settle(id, { error: String((err as Error).message ?? err) });
    }
  }

  /** A restarting container the user stops, kills or removes: it stays down. */
  private settle(id: string, change: { error?: string } = {}): void {
    this.store.update(id, (r) => {
      r.state = { ...r.state, status: "exited", ...(change.error !== undefined ? { error: change.error } : {}) };
    });
  }

  private notify(id: string, conditions: Waiter["condition"][], result: { exitCode: number; error?: string }): void {
    const list = this.waiters.get(id) ?? [];
    const keep = list.filter((w) => !conditions.includes(w.condition));
    for (const w of list) if (conditions.includes(w.condition)) w.resolve(result);
    if (keep.length) this.waiters.set(id, keep);
    else this.waiters.delete(id);
  }

  /** Docker's wait: not-running (default), next-exit, removed. */
  wait(ref: string, condition: Waiter["condition"] = "not-running"): Promise<{ exitCode: number; error?: string }> {
    const record = this.store.find(ref);
    if (condition === "not-running" && record.state.status !== "running" && record.state.status !== "restarting") {
      return Promise.resolve({ exitCode: record.state.exitCode, error: record.state.error || undefined });
    }
    return new Promise((resolve) => {
      const list = this.waiters.get(record.id) ?? [];
      list.push({ condition, resolve });
      this.waiters.set(record.id, list);
    });
  }

  kill(ref: string, signal = "KILL"): void {
    const record = this.store.find(ref);
    if (record.state.status === "restarting") {
      // Nothing runs: the pending restart is what the user stops.
      this.restarts.cancel(record.id);
      this.store.update(record.id, (r) => (r.manuallyStopped = true));
      this.settle(record.id);
      return;
    }
    if (record.state.status !== "running") throw new Conflict(`Cannot kill container: ${record.id}: Container ${record.id} is not running`);
    const link = this.links.get(record.id);
    if (!link) throw new Conflict(`Cannot kill container: ${record.id}: its monitor is not reachable`);
    if (record.state.paused) throw new Conflict(`Cannot kill container: ${record.id}: Container ${record.id} is paused. Unpause the container before stopping or killing`);
    const number = signalNumber(signal);
    this.store.update(record.id, (r) => (r.manuallyStopped = true));
    this.emit(record, "kill", { signal: String(number) });
    link.signal(number);
  }

  /** The stop signal, then SIGKILL after `timeout` seconds (Docker's default 10). */
  async stop(ref: string, timeout?: number, signal?: string): Promise<"stopped" | "not-running"> {
    const record = this.store.find(ref);
    // A stop cancels restarts until the next start (Docker's manual stop).
    const wasPending = this.restarts.cancel(record.id);
    if (record.state.status === "restarting") {
      this.store.update(record.id, (r) => (r.manuallyStopped = true));
      this.settle(record.id);
      this.emit(record, "stop");
      return wasPending ? "stopped" : "not-running";
    }
    if (record.state.status !== "running") return "not-running";
    const seconds = timeout ?? record.requested.stopTimeout ?? 10;
    const done = this.wait(record.id, "next-exit");
    this.kill(record.id, signal || record.requested.stopSignal || "TERM");
    if (seconds < 0) {
      await done;
      return "stopped";
    }
    const timer = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), seconds * 1000));
    if ((await Promise.race([done, timer])) === "timeout") {
      if (this.store.tryFind(record.id)?.state.status === "running") this.kill(record.id, "KILL");
      await done;
    }
    this.emit(record, "stop");
    return "stopped";
  }

  /** docker rm [-f] [-v]: `volumes` also removes the container's anonymous volumes (never named ones). */
  async remove(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const record = this.store.find(ref);
    if (record.state.status === "restarting") {
      if (!opts.force) throw new Conflict(`You cannot remove a restarting container ${record.id}. Stop the container before attempting removal or force remove`);
      this.restarts.cancel(record.id);
    }
    if (record.state.status === "running") {
      if (!opts.force) throw new Conflict(`You cannot remove a running container ${record.id}. Stop the container before attempting removal or force remove`);
      const done = this.wait(record.id, "next-exit");
      if (record.state.paused) await this.runtime.cgroups().freeze(record.id, false);
      this.store.update(record.id, (r) => void (r.state.paused = false));
      this.kill(record.id, "KILL");
      await done;
    }
    this.store.delete(record.id);
    this.restarts.forget(record.id);
    if (record.imageId) await this.images.snapshotter.remove(record.id).catch((err) => log.warn("could not remove the container's layer", { id: shortId(record.id), error: String(err) }));
    rmSync(join(this.dataRoot, "containers", record.id), { recursive: true, force: true });
    if (record.stateDir) rmSync(record.stateDir, { recursive: true, force: true });
    if (opts.volumes) {
      for (const b of record.runtime.binds) {
        if (!b.anonymous || !b.volume) continue;
        try {
          this.volumes.remove(b.volume);
        } catch (err) {
          log.warn("anonymous volume kept", { volume: b.volume, error: (err as Error).message });
        }
      }
    }
    this.notify(record.id, ["not-running", "next-exit", "removed"], { exitCode: record.state.exitCode });
    this.emit(record, "destroy");
    log.info("container removed", { id: shortId(record.id) });
  }

  /** Attach a client: now if running, else when the container starts. */
  async attach(ref: string, target: AttachTarget): Promise<void> {
    const record = this.store.find(ref);
    this.emit(record, "attach");
    if (record.state.status === "running" && record.socketPath) {
      await this.wire(record.id, record.socketPath, target);
      return;
    }
    const list = this.pendingAttach.get(record.id) ?? [];
    list.push(target);
    this.pendingAttach.set(record.id, list);
  }

  /** A client left an attachment with the detach keys (the container goes on). */
  detached(ref: string): void {
    this.emit(this.store.find(ref), "detach");
  }

  private async wire(id: string, socketPath: string, target: AttachTarget): Promise<void> {
    const link = await this.runtime.connect(socketPath, { output: true });
    if (target.stdout) link.onStdout((d) => target.onOutput("stdout", d));
    if (target.stderr) link.onStderr((d) => target.onOutput("stderr", d));
    link.onClose(() => target.onEnd());
    // The monitor takes this client's output flag from its hello; START on the control link must not overtake it.
    await link.greeted();
    target.link = link;
    target.onLink?.(link);
    log.debug("attached", { id: shortId(id) });
  }

  resize(ref: string, rows: number, cols: number): void {
    const record = this.store.find(ref);
    const link = this.links.get(record.id);
    if (record.state.status !== "running" || !link) throw new Conflict(`Container ${record.id} is not running`);
    link.resize(rows, cols);
    this.emit(record, "resize", { height: String(rows), width: String(cols) });
  }

  /** The pid whose /proc root is the container's filesystem (docker cp works on running containers). */
  /** docker rename: a new name, checked as at create. */
  rename(ref: string, name: string): void {
    const record = this.store.find(ref);
    const wanted = name.replace(/^\//, "");
    if (!validName.test(wanted)) throw new InvalidArgument(`Invalid container name (${wanted}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (wanted === record.name) throw new InvalidArgument(`Renaming a container with the same name as its current name`);
    const other = this.store.list().find((c) => c.name === wanted);
    if (other) throw new Conflict(`Error when allocating new name: Conflict. The container name "/${wanted}" is already in use by container "${other.id}". You have to remove (or rename) that container to be able to reuse that name.`);
    const renamed = this.store.update(record.id, (r) => (r.name = wanted));
    this.emit(renamed, "rename", { oldName: `/${record.name}` });
  }

  /**
   * docker container prune: remove every container that is not running (and passes the
   * filters); SpaceReclaimed is what their writable layers held.
   */
  async prune(filter: PruneFilter = { labels: [], notLabels: [] }): Promise<{ ContainersDeleted: string[]; SpaceReclaimed: number }> {
    const gone: string[] = [];
    let space = 0;
    for (const c of this.store.list()) {
      if (c.state.status === "running" || c.state.status === "restarting" || c.state.paused) continue;
      if (!prunable(filter, c.created, c.requested.labels)) continue;
      const size = await this.writableSize(c.id);
      await this.remove(c.id);
      gone.push(c.id);
      space += size;
    }
    this.events.emit("container", "prune", "", { reclaimed: String(space) });
    return { ContainersDeleted: gone, SpaceReclaimed: space };
  }

  /** Bytes in a container's writable layer (see writableSize). */
  writableSize(id: string): Promise<number> {
    return writableSize(this.images.snapshotter, id);
  }

  /** docker top: the processes of a running container. */
  top(ref: string, psArgs = ""): { Titles: string[]; Processes: string[][] } {
    const record = this.store.find(ref);
    if (record.state.status !== "running") throw new Conflict(`Container ${record.id} is not running`);
    return containerTop(record.state.pid, psArgs);
  }

  /** After a daemon restart: re-adopt, settle and restart containers (see liveRestore). */
  adopt(): Promise<void> {
    return liveRestore({
      store: this.store,
      runtime: this.runtime,
      watch: (id, link) => this.watch(id, link),
      exited: (id, code, error, finishedAt) => this.exited(id, code, error, finishedAt),
      start: (id) => this.start(id),
      adopted: async (record) => {
        await this.networking?.adopted(record);
        this.startHealth(record);
      },
    });
  }

  /** The daemon stops: pending policy restarts are dropped (the next daemon decides again). */
  close(): void {
    this.closed = true;
    this.restarts.clear();
    this.health.close();
  }

  /** docker update --restart: a new policy, used from the next exit on. */
  updateRestartPolicy(ref: string, policy: { name: string; maximumRetryCount: number }): void {
    const record = this.store.find(ref);
    if (record.host.autoRemove && policy.name !== "" && policy.name !== "no") throw new InvalidArgument("Restart policy cannot be updated because AutoRemove is enabled for the container");
    validateRestartPolicy(policy, false);
    this.store.update(record.id, (r) => (r.host.restartPolicy = { name: policy.name || "no", maximumRetryCount: policy.maximumRetryCount }));
    this.emit(record, "update");
  }

  /** docker restart: stop (a manual stop) and start again; then Docker's "restart" event. */
  async restart(ref: string, timeout?: number, signal?: string): Promise<void> {
    const record = this.store.find(ref);
    await this.stop(record.id, timeout, signal);
    await this.start(record.id);
    this.emit(record, "restart");
  }

  /** The container's json-file log (see readLogs); `follow` ends when the container stops. */
  logs(ref: string, opts: Omit<LogOptions, "running">): AsyncGenerator<LogEntry> {
    const record = this.store.find(ref);
    if (record.host.logDriver === "none") throw new NotImplemented("configured logging driver does not support reading");
    return readLogs(record.logPath, { ...opts, running: () => this.store.tryFind(record.id)?.state.status === "running" });
  }

  /** The live link to a running container's monitor (exec and stats use it). */
  linkOf(id: string): MonitorLink | undefined {
    return this.links.get(id);
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
