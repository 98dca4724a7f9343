import { closeSync, existsSync, openSync, readSync, readFileSync, statSync } from "node:fs";

export interface LogEntry {
  stream: "stdout" | "stderr";
  log: string;
  time: string;
}

export interface LogOptions {
  stdout: boolean;
  stderr: boolean;
  /** Last N entries (undefined = all). */
  tail?: number;
  /** Only entries at or after / before these instants (ms since the epoch). */
  since?: number;
  until?: number;
  follow: boolean;
  /** For follow: is the container still running? */
  running: () => boolean;
  signal?: AbortSignal;
}

function parseLine(line: string): LogEntry | undefined {
  try {
    const e = JSON.parse(line) as LogEntry;
    return typeof e.log === "string" && (e.stream === "stdout" || e.stream === "stderr") ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The rotated files oldest first, then the current one. */
function logFiles(path: string): string[] {
  const rotated: string[] = [];
  for (let i = 1; existsSync(`${path}.${i}`); i++) rotated.unshift(`${path}.${i}`);
  return existsSync(path) ? [...rotated, path] : rotated;
}

/**
 * A container's json-file log as Docker's `logs` reads it: every rotated file, then the
 * current one, filtered by stream and time, the last `tail` entries; with `follow`, new lines
 * as they are written (across rotation) until the container stops.
 */
export async function* readLogs(path: string, opts: LogOptions): AsyncGenerator<LogEntry> {
  const wanted = (e: LogEntry) =>
    (e.stream === "stdout" ? opts.stdout : opts.stderr) &&
    (opts.since === undefined || Date.parse(e.time) >= opts.since) &&
    (opts.until === undefined || Date.parse(e.time) < opts.until);
  let entries: LogEntry[] = [];
  for (const file of logFiles(path)) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      const e = line && parseLine(line);
      if (e && wanted(e)) entries.push(e);
    }
  }
  if (opts.tail !== undefined) entries = opts.tail <= 0 ? [] : entries.slice(-opts.tail);
  yield* entries;
  if (!opts.follow) return;
  // Follow the current file from where it ends now; a rotation starts a new file at 0.
  let offset = existsSync(path) ? statSync(path).size : 0;
  let ino = existsSync(path) ? statSync(path).ino : 0;
  let partial = "";
  let lastLook = false;
  for (;;) {
    if (opts.signal?.aborted) return;
    const st = existsSync(path) ? statSync(path) : undefined;
    if (st && (st.ino !== ino || st.size < offset)) {
      ino = st.ino;
      offset = 0;
      partial = "";
    }
    if (st && st.size > offset) {
      const fd = openSync(path, "r");
      const buf = Buffer.alloc(st.size - offset);
      readSync(fd, buf, 0, buf.length, offset);
      closeSync(fd);
      offset = st.size;
      const text = partial + buf.toString("utf8");
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        const e = line && parseLine(line);
        if (e && wanted(e)) yield e;
      }
      continue;
    }
    if (lastLook) return;
    // After the container stops, look once more: its monitor may still be flushing the log.
    if (!opts.running()) lastLook = true;
    await Bun.sleep(100);
  }
}
