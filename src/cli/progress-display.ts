/** One message of a pull/push progress stream (Docker's JSON message). */
export interface ProgressMessage {
  status?: string;
  id?: string;
  error?: string;
  progressDetail?: { current?: number; total?: number };
}

const ESC = "\x1b";

/** Docker's sizes: three significant digits, decimal units ("2.15MB", "512B"). */
export function humanSize(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${Number(value.toPrecision(3))}${units[i]}`;
}

/** A 50-column bar with the byte counts after it: "[=====>     ]  1.2MB/3.4MB". */
export function progressBar(current: number, total: number, width = 50): string {
  if (total <= 0) return humanSize(current);
  const done = Math.max(0, Math.min(width, Math.floor((current / total) * width)));
  const bar = done >= width ? "=".repeat(width) : `${"=".repeat(Math.max(0, done - 1))}${done > 0 ? ">" : ""}`;
  return `[${bar.padEnd(width, " ")}]  ${humanSize(current)}/${humanSize(total)}`;
}

/** The text of one message, as a line shows it (without line control). */
function messageText(m: ProgressMessage, withBar: boolean): string {
  const status = m.status ?? "";
  const detail = m.progressDetail;
  const bar = withBar && detail?.current !== undefined && detail.total !== undefined ? ` ${progressBar(detail.current, detail.total)}` : "";
  return m.id ? `${m.id}: ${status}${bar}` : `${status}${bar}`;
}

/**
 * Renders a progress stream the way the docker CLI does: on a terminal, one line per layer id,
 * rewritten in place (cursor up, clear, rewrite, cursor down) with a bar for byte counters;
 * otherwise plain "id: status" lines, leaving out the statuses in `skip` (byte counters).
 */
export class ProgressDisplay {
  /** Line index of each id since the last line that was not a layer's. */
  private lines = new Map<string, number>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly terminal: boolean,
    private readonly skip: string[] = [],
  ) {}

  /** Plain text between progress lines (a build's step output): it ends the block of layer lines. */
  text(s: string): void {
    this.lines.clear();
    this.out.write(s);
  }

  show(m: ProgressMessage): void {
    if (!this.terminal) {
      if (m.status && !this.skip.includes(m.status)) this.out.write(`${messageText(m, false)}\n`);
      return;
    }
    if (!m.id) {
      // Anything else ends the block of layer lines: later ids start a new one.
      this.lines.clear();
      if (m.status) this.out.write(`${ESC}[2K\r${messageText(m, true)}\n`);
      return;
    }
    let line = this.lines.get(m.id);
    if (line === undefined) {
      line = this.lines.size;
      this.lines.set(m.id, line);
      this.out.write("\n");
    }
    const up = this.lines.size - line;
    this.out.write(`${ESC}[${up}A${ESC}[2K\r${messageText(m, true)}\r${ESC}[${up}B`);
  }
}
