/**
 * Walks the frame structure of a zstd stream (RFC 8878, section 3.1) without decompressing it,
 * to tell whether the stream ends on a frame boundary. Bun's zstd decompressor (1.4.5) ends
 * quietly on a truncated stream, so a cut-off layer would otherwise look complete.
 */

const ZSTD_MAGIC = 0xfd2fb528;

type State =
  | { kind: "magic" }
  | { kind: "frame-header" }
  | { kind: "block-header" }
  | { kind: "skip"; left: number; then: "magic" | "block-header" | "checksum" }
  | { kind: "checksum" };

export class ZstdFrameWalker {
  private buf: Uint8Array = new Uint8Array(0);
  private state: State = { kind: "magic" };
  private checksum = false;
  private frames = 0;

  /** Feeds the next compressed bytes; throws on a structure that is not zstd. */
  push(chunk: Uint8Array): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let pos = 0;
    for (;;) {
      const s = this.state;
      const have = this.buf.length - pos;
      if (s.kind === "skip") {
        const n = Math.min(s.left, have);
        pos += n;
        s.left -= n;
        if (s.left > 0) break;
        this.state = s.then === "checksum" ? { kind: "checksum" } : { kind: s.then };
        continue;
      }
      if (s.kind === "magic") {
        if (have < 8) break;
        const view = new DataView(this.buf.buffer, this.buf.byteOffset + pos, 8);
        const magic = view.getUint32(0, true);
        if (magic === ZSTD_MAGIC) {
          pos += 4;
          this.state = { kind: "frame-header" };
        } else if ((magic & 0xfffffff0) === 0x184d2a50) {
          this.state = { kind: "skip", left: view.getUint32(4, true), then: "magic" };
          pos += 8;
        } else {
          throw new Error("not a zstd frame");
        }
        continue;
      }
      if (s.kind === "frame-header") {
        if (have < 1) break;
        const fhd = this.buf[pos]!;
        const fcsFlag = fhd >> 6;
        const single = (fhd >> 5) & 1;
        const didFlag = fhd & 3;
        if ((fhd >> 3) & 1) throw new Error("reserved bit set in a zstd frame header");
        const size = 1 + (single ? 0 : 1) + [0, 1, 2, 4][didFlag]! + [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
        if (have < size) break;
        this.checksum = ((fhd >> 2) & 1) === 1;
        pos += size;
        this.state = { kind: "block-header" };
        continue;
      }
      if (s.kind === "block-header") {
        if (have < 3) break;
        const h = this.buf[pos]! | (this.buf[pos + 1]! << 8) | (this.buf[pos + 2]! << 16);
        pos += 3;
        const last = h & 1;
        const type = (h >> 1) & 3;
        const size = h >>> 3;
        if (type === 3) throw new Error("reserved zstd block type");
        const body = type === 1 ? 1 : size;
        const then = last ? (this.checksum ? "checksum" : "magic") : "block-header";
        if (last) this.frames++;
        this.state = { kind: "skip", left: body, then };
        continue;
      }
      // checksum
      this.state = { kind: "skip", left: 4, then: "magic" };
    }
    this.buf = this.buf.subarray(pos);
  }

  /** Throws unless the stream ended right after a complete frame. */
  finish(): void {
    const complete = this.state.kind === "magic" && this.buf.length === 0 && this.frames > 0;
    if (!complete) throw new Error("the zstd stream ends inside a frame (truncated)");
  }
}
