/** A small leveled logger writing one line per event to stderr (or a file the daemon chose). */
export const logLevels = ["debug", "info", "warn", "error", "fatal"] as const;
export type LogLevel = (typeof logLevels)[number];

export function isLogLevel(value: string): value is LogLevel {
  return (logLevels as readonly string[]).includes(value);
}

type Sink = (line: string) => void;

let threshold: LogLevel = "info";
let sink: Sink = (line) => process.stderr.write(line);

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

export function getLogLevel(): LogLevel {
  return threshold;
}

/** Send log lines somewhere else (the daemon's log file, a test's buffer). */
export function setLogSink(next: Sink): void {
  sink = next;
}

function emit(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  if (logLevels.indexOf(level) < logLevels.indexOf(threshold)) return;
  let line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}`;
  if (fields) {
    for (const [key, value] of Object.entries(fields)) {
      if (value !== undefined) line += ` ${key}=${typeof value === "string" ? JSON.stringify(value) : String(value)}`;
    }
  }
  sink(line + "\n");
}

export const log = {
  debug: (message: string, fields?: Record<string, unknown>) => emit("debug", message, fields),
  info: (message: string, fields?: Record<string, unknown>) => emit("info", message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => emit("warn", message, fields),
  error: (message: string, fields?: Record<string, unknown>) => emit("error", message, fields),
};
