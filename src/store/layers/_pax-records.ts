/**
 * Binary-safe PAX extended headers. tar-stream decodes and encodes PAX values as UTF-8 text,
 * which mangles binary xattr values (security.capability holds raw bytes), so layers/ reads the
 * records of each entry from the raw tar bytes itself (PaxRecordWindow) and writes its own PAX
 * header blocks (encodePaxRecords) when a value is binary.
 */

/** One PAX record set: key → raw value bytes. */
export type PaxRecords = Map<string, Uint8Array>;

const EMPTY = new Uint8Array(0);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Decodes "LEN KEY=VALUE\n" records; values stay bytes. Stops at the first malformed record. */
export function decodePaxRecords(buf: Uint8Array, into: PaxRecords = new Map()): PaxRecords {
  let pos = 0;
  while (pos < buf.length) {
    let sp = pos;
    while (sp < buf.length && buf[sp] !== 0x20) sp++;
    const len = Number.parseInt(decoder.decode(buf.subarray(pos, sp)), 10);
    if (!Number.isSafeInteger(len) || len <= sp - pos + 1 || pos + len > buf.length) break;
    const record = buf.subarray(sp + 1, pos + len - 1); // without the trailing newline
    const eq = record.indexOf(0x3d);
    if (eq < 0) break;
    into.set(decoder.decode(record.subarray(0, eq)), record.slice(eq + 1));
    pos += len;
  }
  return into;
}

/** Encodes records as a PAX extended header's data, lengths counted in bytes. */
export function encodePaxRecords(records: Iterable<[string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [key, value] of records) {
    const body = encoder.encode(` ${key}=`);
    const rest = body.length + value.length + 1;
    let len = rest + 1;
    while (String(len).length + rest !== len) len = String(len).length + rest;
    const out = new Uint8Array(len);
    out.set(encoder.encode(String(len)), 0);
    out.set(body, String(len).length);
    out.set(value, String(len).length + body.length);
    out[len - 1] = 0x0a;
    parts.push(out);
  }
  return Buffer.concat(parts);
}

function headerNumber(block: Uint8Array, offset: number, length: number): number {
  if ((block[offset]! & 0x80) !== 0) {
    // base-256: big-endian, the top bit of the first byte is the marker
    let n = block[offset]! & 0x7f;
    for (let i = 1; i < length; i++) n = n * 256 + block[offset + i]!;
    return n;
  }
  const text = decoder.decode(block.subarray(offset, offset + length)).replace(/[\0 ]+$/g, "").trim();
  return text ? Number.parseInt(text, 8) : 0;
}

function padded(size: number): number {
  return Math.ceil(size / 512) * 512;
}

/**
 * Keeps the raw tar bytes between the end of one entry's data and the start of the next entry's
 * header, where that entry's extended headers live, and decodes its PAX records binary-safe.
 * Bytes of file data are dropped as soon as their entry has been seen.
 */
export class PaxRecordWindow {
  private chunks: Uint8Array[] = [];
  /** Absolute stream offset of chunks[0][0]. */
  private start = 0;
  private end = 0;
  private keepFrom = 0;
  private global: PaxRecords = new Map();

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.end += chunk.length;
    this.trim();
  }

  /**
   * The PAX records (global, then local) for the entry whose header starts at `headerOffset`
   * and whose data is `dataSize` bytes; then everything up to the end of that data is forgotten.
   */
  recordsFor(headerOffset: number, dataSize: number): PaxRecords {
    const raw = this.slice(this.keepFrom, headerOffset);
    let local: PaxRecords | undefined;
    let pos = 0;
    while (pos + 512 <= raw.length) {
      const block = raw.subarray(pos, pos + 512);
      if (block.every((b) => b === 0)) {
        pos += 512;
        continue;
      }
      const size = headerNumber(block, 124, 12);
      const type = String.fromCharCode(block[156]!);
      const data = raw.subarray(pos + 512, Math.min(raw.length, pos + 512 + size));
      if (type === "x") local = decodePaxRecords(data);
      else if (type === "g") decodePaxRecords(data, this.global);
      pos += 512 + padded(size);
    }
    this.keepFrom = headerOffset + 512 + padded(dataSize);
    this.trim();
    const out = new Map(this.global);
    for (const [k, v] of local ?? []) out.set(k, v);
    return out;
  }

  private slice(from: number, to: number): Uint8Array {
    if (to <= from) return EMPTY;
    const parts: Uint8Array[] = [];
    let at = this.start;
    for (const c of this.chunks) {
      const cEnd = at + c.length;
      if (cEnd > from && at < to) parts.push(c.subarray(Math.max(0, from - at), Math.min(c.length, to - at)));
      at = cEnd;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  private trim(): void {
    while (this.chunks.length > 0 && this.start + this.chunks[0]!.length <= this.keepFrom) {
      this.start += this.chunks.shift()!.length;
    }
    if (this.chunks.length === 0) this.start = this.end;
  }
}

function octal(buf: Uint8Array, offset: number, length: number, value: number): void {
  const s = value.toString(8).padStart(length - 1, "0");
  buf.set(encoder.encode(s), offset);
}

/**
 * A complete PAX extended header ("x" block, data, padding) for the entry that follows it.
 * Written raw into the archive, since tar-stream's own PAX encoding is text-only.
 */
export function paxHeaderBytes(records: Iterable<[string, Uint8Array]>, mtimeSeconds: number): Uint8Array {
  const data = encodePaxRecords(records);
  const out = new Uint8Array(512 + padded(data.length));
  out.set(encoder.encode("PaxHeader"), 0);
  octal(out, 100, 8, 0o644);
  octal(out, 108, 8, 0);
  octal(out, 116, 8, 0);
  octal(out, 124, 12, data.length);
  octal(out, 136, 12, Math.max(0, Math.floor(mtimeSeconds)));
  out[156] = 0x78; // 'x'
  out.set(encoder.encode("ustar\u000000"), 257);
  out.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += out[i]!;
  octal(out, 148, 7, sum);
  out[154] = 0;
  out[155] = 0x20;
  out.set(data, 512);
  return out;
}
