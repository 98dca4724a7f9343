/** What the engine sees of a running process: the monitor that holds it and how to reach it. */
export interface ProcessHandle {
  monitorPid: number;
  pid: number;
  socketPath: string;
  stateDir: string;
  /** The network socket of each interface, in ContainerConfig.interfaces order (empty for exec). */
  netSocketPaths: string[];
}

/** The process's end as the monitor tells it (exitCode is already 128+signal when killed). */
export interface ProcessExit {
  exitCode: number;
  signal: number;
}

/** One connection to a monitor's attach socket. */
export interface MonitorLink {
  onStdout(cb: (data: Buffer) => void): void;
  onStderr(cb: (data: Buffer) => void): void;
  /** Called once, when the process has exited (then the link closes). */
  onExit(cb: (exit: ProcessExit) => void): void;
  /** Called when the connection ends, with or without an exit (e.g. the monitor was killed). */
  onClose(cb: () => void): void;
  /** Resolves once the monitor has taken this link's hello (or the link closed). */
  greeted(): Promise<void>;
  writeStdin(data: Buffer): void;
  closeStdin(): void;
  resize(rows: number, cols: number): void;
  /** Release a process spawned with waitStart; rejects with the exec failure (exitCode 125/126/127). */
  start(): Promise<void>;
  signal(signal: number): void;
  close(): void;
}

/** What state.json says (the monitor writes it; it survives a daemon restart). */
export interface MonitorState {
  monitorPid: number;
  pid: number;
  status: "created" | "running" | "exited";
  exitCode?: number;
  signal?: number;
  startedAt?: string;
  finishedAt?: string;
  error?: string;
}

/** An exec failure (program missing, not executable, setup failed), with Docker's exit code. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
