import { InvalidArgument } from "./errors.ts";

/** Docker's default detach sequence: ctrl-p, ctrl-q. */
export const defaultDetachKeys = "ctrl-p,ctrl-q";

/** Docker's detach key syntax: comma-separated single characters or `ctrl-<key>` (a-z, @, [, \, ], ^, _). */
export function parseDetachKeys(spec: string): Buffer {
  const codes: number[] = [];
  for (const key of spec.split(",")) {
    const k = key.trim();
    if (k.length === 1) {
      codes.push(k.charCodeAt(0));
      continue;
    }
    const m = /^ctrl-([a-z@[\\\]^_])$/i.exec(k);
    if (!m) throw new InvalidArgument(`Invalid detach keys (${spec}) provided`);
    const c = m[1]!.toLowerCase();
    codes.push(c >= "a" && c <= "z" ? c.charCodeAt(0) - 96 : c.charCodeAt(0) - 64);
  }
  return Buffer.from(codes);
}

/**
 * Watches a stdin stream for the detach sequence, as Docker's escape proxy does: bytes that may
 * start the sequence are held back until it is complete (detach; they are never passed on) or
 * broken (passed on as they came).
 */
export class DetachScanner {
  private held = 0;

  constructor(private readonly keys: Buffer) {}

  /** The bytes to pass on, and whether the sequence was read (nothing after it is passed). */
  feed(chunk: Buffer): { data: Buffer; detach: boolean } {
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.held]) {
        this.held++;
        if (this.held === this.keys.length) return { data: Buffer.from(out), detach: true };
        continue;
      }
      out.push(...this.keys.subarray(0, this.held));
      this.held = 0;
      if (byte === this.keys[0]) this.held = 1;
      else out.push(byte);
      if (this.held === this.keys.length) return { data: Buffer.from(out), detach: true };
    }
    return { data: Buffer.from(out), detach: false };
  }
}
