import { Conflict, NotFound, log, newId, shortId } from "../../lib/index.ts";
import { StartFailure, type ContainerRuntime, type MonitorLink } from "../../runtime/index.ts";
import type { ContainerStore } from "./container-store.ts";
import type { EventBus } from "../events/index.ts";
import { emitContainerEvent } from "./container-events.ts";

export interface ExecInput {
  args: string[];
  env: string[];
  user?: string;
  workingDir?: string;
  tty: boolean;
  attachStdin: boolean;
  attachStdout: boolean;
  attachStderr: boolean;
  privileged: boolean;
  consoleSize?: { rows: number; cols: number };
  /** The sequence that detaches a client from the exec's stdin (Docker's syntax; default ctrl-p,ctrl-q). */
  detachKeys?: string;
}

export interface ExecRecord {
  id: string;
  containerId: string;
  input: ExecInput;
  running: boolean;
  exitCode: number | null;
  pid: number;
  link?: MonitorLink;
  /** Resolves when the process has exited. */
  done: Promise<number>;
  finish: (code: number) => void;
}

/** docker exec: processes started inside running containers, kept in memory as Docker does. */
export class ExecService {
  private readonly execs = new Map<string, ExecRecord>();

  constructor(
    private readonly containers: ContainerStore,
    private readonly runtime: ContainerRuntime,
    private readonly events?: EventBus,
  ) {}

  /** exec_create / exec_start / exec_die on the exec's container (Docker puts the command in the first two). */
  private emit(e: ExecRecord, action: string, extra: Record<string, string> = {}): void {
    const container = this.containers.tryFind(e.containerId);
    if (!this.events || !container) return;
    emitContainerEvent(this.events, container, action, { execID: e.id, ...extra });
  }

  create(ref: string, input: ExecInput): string {
    const container = this.containers.find(ref);
    if (container.state.status !== "running") throw new Conflict(`Container ${container.id} is not running`);
    if (input.args.length === 0) throw new Conflict("No exec command specified");
    const id = newId();
    let finish!: (code: number) => void;
    const done = new Promise<number>((r) => (finish = r));
    const record: ExecRecord = { id, containerId: container.id, input, running: false, exitCode: null, pid: 0, done, finish };
    this.execs.set(id, record);
    this.emit(record, `exec_create: ${input.args.join(" ")}`);
    return id;
  }

  get(id: string): ExecRecord {
    const e = this.execs.get(id);
    if (!e) throw new NotFound(`No such exec instance: ${id}`);
    return e;
  }

  /**
   * Start it: the process is set up, `wire` gets the output link (so no output is lost), then
   * it runs. Returns the link; `done` resolves with the exit code.
   */
  async start(id: string, wire: (link: MonitorLink) => void | Promise<void>): Promise<ExecRecord> {
    const e = this.get(id);
    if (e.running || e.exitCode !== null) throw new Conflict(`exec ${id} has already been started`);
    const container = this.containers.find(e.containerId);
    if (container.state.status !== "running") throw new Conflict(`Container ${container.id} is not running`);
    e.running = true;
    const handle = await this.runtime.spawnExec(id, container.state.pid, container.runtime, {
      containerId: container.id,
      args: e.input.args,
      env: e.input.env,
      user: e.input.user,
      workingDir: e.input.workingDir,
      tty: e.input.tty,
      stdin: e.input.attachStdin,
      privileged: e.input.privileged,
      consoleSize: e.input.consoleSize,
    });
    e.pid = handle.pid;
    const link = await this.runtime.connect(handle.socketPath, { output: true });
    e.link = link;
    link.onExit((x) => this.finish(e, x.exitCode));
    link.onClose(() => this.finish(e, e.exitCode ?? 137));
    await wire(link);
    this.emit(e, `exec_start: ${e.input.args.join(" ")}`);
    try {
      await link.start();
    } catch (err) {
      if (err instanceof StartFailure) {
        // Docker's daemon records 126 for any exec that could not start (not found included).
        this.finish(e, 126);
        throw err;
      }
      throw err;
    }
    log.debug("exec started", { id: shortId(id), container: shortId(container.id) });
    return e;
  }

  /**
   * A healthcheck probe: `args` in the container as its user, output collected (stdout and
   * stderr together, as Docker shows it), killed after `timeoutMs`.
   */
  async probe(containerId: string, args: string[], timeoutMs: number): Promise<{ exitCode: number; output: string; timedOut: boolean }> {
    const id = this.create(containerId, { args, env: [], tty: false, attachStdin: false, attachStdout: true, attachStderr: true, privileged: false });
    const chunks: Buffer[] = [];
    const e = await this.start(id, (link) => {
      link.onStdout((d) => chunks.push(d));
      link.onStderr((d) => chunks.push(d));
    }).catch((err: unknown) => {
      if (err instanceof StartFailure) return err;
      throw err;
    });
    if (e instanceof StartFailure) return { exitCode: e.exitCode, output: e.message, timedOut: false };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = await Promise.race([e.done.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), timeoutMs)))]);
    clearTimeout(timer);
    if (timedOut) e.link?.signal(9);
    return { exitCode: timedOut ? -1 : (e.exitCode ?? -1), output: Buffer.concat(chunks).toString("utf8"), timedOut };
  }

  private finish(e: ExecRecord, code: number): void {
    if (e.exitCode !== null) return;
    e.running = false;
    e.exitCode = code;
    e.finish(code);
    this.emit(e, "exec_die", { exitCode: String(code) });
    // Keep finished execs a while for inspect, as Docker does, then forget them.
    setTimeout(() => this.execs.delete(e.id), 5 * 60_000).unref?.();
  }

  resize(id: string, rows: number, cols: number): void {
    const e = this.get(id);
    if (!e.running || !e.link) throw new Conflict(`exec ${id} is not running`);
    e.link.resize(rows, cols);
  }
}
