/**
 * Host data on its way to a guest: the bytes from the oldest unacknowledged one (snd_una) on, as
 * the chunks the host socket gave (no copy), with a cursor at the next byte to send (snd_nxt).
 * Acknowledged bytes drop off the front, and a chunk's `release` runs once all of it is
 * acknowledged (its memory may then be reused: the guest has it, so no frame still queued for
 * the TAP needs it but retransmitted copies of acknowledged bytes, which the guest discards).
 * A retransmission rewinds the cursor to the front.
 */
export class SendQueue {
  private q: Uint8Array[] = [];
  private releases: (((() => void) | undefined))[] = [];
  private head = 0;
  /** Bytes held: sent but unacknowledged, then unsent. */
  bytes = 0;
  private idx = 0;
  private off = 0;

  push(chunk: Uint8Array, release?: () => void): void {
    this.q.push(chunk);
    this.releases.push(release);
    this.bytes += chunk.length;
  }

  /** Copies the next `len` bytes at the cursor into `dst` at `at` and moves the cursor on. */
  take(dst: Uint8Array, at: number, len: number): void {
    while (len > 0) {
      const c = this.q[this.idx]!;
      const n = Math.min(len, c.length - this.off);
      dst.set(c.subarray(this.off, this.off + n), at);
      at += n;
      len -= n;
      this.off += n;
      if (this.off === c.length) {
        this.idx++;
        this.off = 0;
      }
    }
  }

  /** The next `len` bytes at the cursor as views of the chunks (no copy); moves the cursor on. */
  views(len: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    while (len > 0) {
      const c = this.q[this.idx]!;
      const n = Math.min(len, c.length - this.off);
      out.push(c.subarray(this.off, this.off + n));
      len -= n;
      this.off += n;
      if (this.off === c.length) {
        this.idx++;
        this.off = 0;
      }
    }
    return out;
  }

  /** The guest acknowledged `n` more bytes (never beyond the cursor). */
  ack(n: number): void {
    n = Math.min(n, this.bytes);
    this.bytes -= n;
    while (n > 0) {
      const avail = this.q[0]!.length - this.head;
      if (n >= avail) {
        this.q.shift();
        this.releases.shift()?.();
        this.head = 0;
        this.idx--;
        n -= avail;
      } else {
        this.head += n;
        n = 0;
      }
    }
    if (this.idx < 0) this.rewind();
  }

  /** Back to the oldest unacknowledged byte. */
  rewind(): void {
    this.idx = 0;
    this.off = this.head;
  }

  /**
   * Drops everything. Releases are not run: frames of these bytes may still wait for the TAP
   * writer, so their memory is left to the garbage collector rather than reused.
   */
  clear(): void {
    this.q = [];
    this.releases = [];
    this.head = this.bytes = this.idx = this.off = 0;
  }
}
