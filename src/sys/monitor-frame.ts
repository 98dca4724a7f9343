/**
 * The monitor's attach-socket framing (ffi/runtime.h, part 3): `u8 type, 3 zero bytes,
 * u32 big-endian payload length, payload`. Every integer inside a payload is big-endian.
 */

/** BUNKER_FR_* in runtime.h. */
export const FrameType = {
  hello: 1,
  stdin: 2,
  stdinClose: 3,
  resize: 4,
  start: 5,
  signal: 6,
  netAdd: 7,
  netRemove: 8,
  stdout: 16,
  stderr: 17,
  exit: 18,
  startOk: 19,
  startErr: 20,
  pid: 21,
  netResult: 22,
} as const;

/** BUNKER_HELLO_* in runtime.h. */
export const HelloFlag = { output: 1, replay: 2 } as const;

/** The largest payload the monitor accepts from a client (it drops the client beyond). */
export const MAX_CLIENT_PAYLOAD = 64 * 1024;
/** Refuse to buffer frames larger than this from the monitor (it never sends more than 32 KiB). */
const MAX_MONITOR_PAYLOAD = 16 * 1024 * 1024;

export interface RawFrame {
  type: number;
  payload: Buffer;
}

/** One frame's bytes. */
export function encodeFrame(type: number, payload: Uint8Array = new Uint8Array(0)): Buffer {
  const out = Buffer.alloc(8 + payload.length);
  out[0] = type;
  out.writeUInt32BE(payload.length, 4);
  out.set(payload, 8);
  return out;
}

/** A u32 big-endian payload (HELLO, SIGNAL). */
export function u32Payload(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** Splits a byte stream into frames; keeps partial frames until the rest arrives. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the frames they complete. Throws on an absurd length. */
  push(chunk: Uint8Array): RawFrame[] {
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const frames: RawFrame[] = [];
    let off = 0;
    while (this.pending.length - off >= 8) {
      const len = this.pending.readUInt32BE(off + 4);
      if (len > MAX_MONITOR_PAYLOAD) throw new Error(`monitor frame of ${len} bytes (type ${this.pending[off]})`);
      if (this.pending.length - off < 8 + len) break;
      frames.push({ type: this.pending[off] ?? 0, payload: this.pending.subarray(off + 8, off + 8 + len) });
      off += 8 + len;
    }
    this.pending = off === 0 ? this.pending : Buffer.from(this.pending.subarray(off));
    return frames;
  }

  /** Bytes of an incomplete frame still waiting. */
  get buffered(): number {
    return this.pending.length;
  }
}
