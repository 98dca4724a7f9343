import { createConnection, type Socket } from "node:net";
import { SystemError } from "../lib/index.ts";
import { encodeNetInterface, type NetInterfaceRecord } from "./container-spec.ts";
import { SyscallError } from "./syscall-error.ts";
import { encodeFrame, FrameDecoder, FrameType, HelloFlag, MAX_CLIENT_PAYLOAD, u32Payload } from "./monitor-frame.ts";

/** The process's end as the monitor reports it (exitCode is 128+signal when killed). */
export interface MonitorExit {
  exitCode: number;
  signal: number;
}

/** What a connection yields, in order. */
export type MonitorEvent =
  | { type: "stdout"; data: Buffer }
  | { type: "stderr"; data: Buffer }
  | { type: "pid"; pid: number }
  | { type: "exit"; exitCode: number; signal: number };

/** START was answered START_ERR (exec failed): Docker's exit code (125/126/127) and the reason. */
export class MonitorStartError extends SystemError {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

type Listeners = {
  stdout: ((data: Buffer) => void)[];
  stderr: ((data: Buffer) => void)[];
  pid: ((pid: number) => void)[];
  exit: ((exit: MonitorExit) => void)[];
  close: (() => void)[];
};

/**
 * A client of one monitor's attach socket. Say hello() first (connectMonitor does); then
 * output arrives as events (onStdout, on("stderr", ...)) or through `for await`, which yields
 * MonitorEvents from the moment the iterator is created until the connection closes.
 */
export class MonitorConnection {
  private readonly decoder = new FrameDecoder();
  private readonly listeners: Listeners = { stdout: [], stderr: [], pid: [], exit: [], close: [] };
  private readonly starts: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly netRequests: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly queues = new Set<{ items: MonitorEvent[]; wake?: () => void }>();
  private closedFlag = false;
  private exitValue?: MonitorExit;
  private pidValue?: number;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("close", () => this.onClosed());
    socket.on("error", () => socket.destroy());
  }

  /** Connects to the socket at `path` (no frame is sent yet). */
  static connect(path: string): Promise<MonitorConnection> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ path });
      const fail = (err: Error) => reject(new SystemError(`connect to monitor ${path}: ${err.message}`, { cause: err }));
      socket.once("error", fail);
      socket.once("connect", () => {
        socket.off("error", fail);
        resolve(new MonitorConnection(socket));
      });
    });
  }

  /** The first frame: `output` asks for STDOUT/STDERR frames, `replay` also for earlier output. */
  hello(flags: { output?: boolean; replay?: boolean } | number = {}): void {
    const bits = typeof flags === "number" ? flags : (flags.output ? HelloFlag.output : 0) | (flags.replay ? HelloFlag.replay : 0);
    this.send(FrameType.hello, u32Payload(bits));
  }

  /** The process's pid once the monitor sent it (after hello). */
  get pid(): number | undefined {
    return this.pidValue;
  }

  /**
   * Resolves once the monitor has answered hello (its PID frame), or the connection closed:
   * from then on it sends this client what the hello asked for. A client connecting before
   * another one sends START awaits this, or output in between may miss it.
   */
  greeted(): Promise<void> {
    if (this.pidValue !== undefined || this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => {
      this.on("pid", () => resolve());
      this.on("close", () => resolve());
    });
  }

  /** The exit, once reported. */
  get exit(): MonitorExit | undefined {
    return this.exitValue;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  on(event: "stdout" | "stderr", cb: (data: Buffer) => void): this;
  on(event: "pid", cb: (pid: number) => void): this;
  on(event: "exit", cb: (exit: MonitorExit) => void): this;
  on(event: "close", cb: () => void): this;
  on(event: keyof Listeners, cb: (arg: never) => void): this {
    (this.listeners[event] as unknown[]).push(cb);
    if (event === "close" && this.closedFlag) queueMicrotask(() => (cb as () => void)());
    return this;
  }

  onStdout(cb: (data: Buffer) => void): void {
    this.on("stdout", cb);
  }
  onStderr(cb: (data: Buffer) => void): void {
    this.on("stderr", cb);
  }
  onExit(cb: (exit: MonitorExit) => void): void {
    this.on("exit", cb);
  }
  onClose(cb: () => void): void {
    this.on("close", cb);
  }

  /** Resolves with the exit (undefined if the connection closed without one). */
  waitExit(): Promise<MonitorExit | undefined> {
    if (this.exitValue || this.closedFlag) return Promise.resolve(this.exitValue);
    return new Promise((resolve) => {
      this.on("exit", (x) => resolve(x));
      this.on("close", () => resolve(this.exitValue));
    });
  }

  /** Bytes for the process's stdin (split into frames the monitor accepts). */
  writeStdin(data: Uint8Array): void {
    for (let off = 0; off < data.length; off += MAX_CLIENT_PAYLOAD) this.send(FrameType.stdin, data.subarray(off, off + MAX_CLIENT_PAYLOAD));
  }

  /** EOF on the process's stdin, once the bytes sent before are written (ignored with a tty). */
  closeStdin(): void {
    this.send(FrameType.stdinClose);
  }

  resize(rows: number, cols: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt16BE(rows & 0xffff, 0);
    b.writeUInt16BE(cols & 0xffff, 2);
    this.send(FrameType.resize, b);
  }

  /** kill(2) the process (its init with --init). */
  signal(signal: number): void {
    this.send(FrameType.signal, u32Payload(signal));
  }

  /** Releases a waitStart process: resolves once it exec'd; rejects with MonitorStartError. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closedFlag) return reject(new MonitorStartError("the monitor connection is closed", 125));
      this.starts.push({ resolve, reject });
      this.send(FrameType.start);
    });
  }

  /** One more TAP device in the running container (NET_ADD), served on iface.socketPath.
   * Rejects with a SyscallError carrying the monitor's errno and reason. */
  addNetInterface(iface: NetInterfaceRecord): Promise<void> {
    return this.netRequest(FrameType.netAdd, encodeNetInterface(iface));
  }

  /** Removes an interface (NET_REMOVE): its TAP device goes away and its socket closes. */
  removeNetInterface(name: string): Promise<void> {
    return this.netRequest(FrameType.netRemove, Buffer.from(name, "utf8"));
  }

  private netRequest(type: number, payload: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closedFlag) return reject(new SystemError("the monitor connection is closed"));
      this.netRequests.push({ resolve, reject });
      this.send(type, payload);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  [Symbol.asyncIterator](): AsyncIterator<MonitorEvent> {
    const q: { items: MonitorEvent[]; wake?: () => void } = { items: [] };
    this.queues.add(q);
    return {
      next: async () => {
        for (;;) {
          const item = q.items.shift();
          if (item) return { value: item, done: false };
          if (this.closedFlag) {
            this.queues.delete(q);
            return { value: undefined, done: true };
          }
          await new Promise<void>((wake) => (q.wake = wake));
        }
      },
      return: async () => {
        this.queues.delete(q);
        return { value: undefined, done: true };
      },
    };
  }

  private send(type: number, payload?: Uint8Array): void {
    if (!this.closedFlag && !this.socket.destroyed) this.socket.write(encodeFrame(type, payload));
  }

  private emit(event: MonitorEvent): void {
    for (const q of this.queues) {
      q.items.push(event);
      q.wake?.();
      q.wake = undefined;
    }
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(chunk);
    } catch {
      this.socket.destroy();
      return;
    }
    for (const { type, payload } of frames) {
      switch (type) {
        case FrameType.stdout:
        case FrameType.stderr: {
          const stream = type === FrameType.stdout ? "stdout" : "stderr";
          const data = Buffer.from(payload);
          for (const cb of this.listeners[stream]) cb(data);
          this.emit({ type: stream, data });
          break;
        }
        case FrameType.pid: {
          if (payload.length < 4) break;
          this.pidValue = payload.readUInt32BE(0);
          for (const cb of this.listeners.pid) cb(this.pidValue);
          this.emit({ type: "pid", pid: this.pidValue });
          break;
        }
        case FrameType.exit: {
          if (payload.length < 8) break;
          const exit = { exitCode: payload.readInt32BE(0), signal: payload.readInt32BE(4) };
          this.exitValue = exit;
          for (const cb of this.listeners.exit) cb(exit);
          this.emit({ type: "exit", ...exit });
          break;
        }
        case FrameType.startOk:
          this.starts.shift()?.resolve();
          break;
        case FrameType.startErr: {
          const code = payload.length >= 4 ? payload.readInt32BE(0) : 125;
          const message = payload.length > 4 ? payload.toString("utf8", 4) : "the process could not be started";
          this.starts.shift()?.reject(new MonitorStartError(message, code));
          break;
        }
        case FrameType.netResult: {
          const rc = payload.length >= 4 ? payload.readInt32BE(0) : -5;
          const request = this.netRequests.shift();
          if (rc >= 0) request?.resolve();
          else request?.reject(new SyscallError(-rc, payload.length > 4 ? payload.toString("utf8", 4) : `network request failed with errno ${-rc}`));
          break;
        }
        default:
          break; // newer monitor, newer frame: ignored
      }
    }
  }

  private onClosed(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const s of this.starts.splice(0)) s.reject(new MonitorStartError("the monitor closed the connection before the process started", 125));
    for (const r of this.netRequests.splice(0)) r.reject(new SystemError("the monitor closed the connection before it answered (has the container exited?)"));
    for (const cb of this.listeners.close) cb();
    for (const q of this.queues) {
      q.wake?.();
      q.wake = undefined;
    }
  }
}

/** Connects and says hello: the usual way in. */
export async function connectMonitor(path: string, flags: { output?: boolean; replay?: boolean } = {}): Promise<MonitorConnection> {
  const conn = await MonitorConnection.connect(path);
  conn.hello(flags);
  return conn;
}
