import type { IncomingMessage } from "node:http";

/**
 * A request body read into one grow-only buffer that is kept for the next request. A large
 * body (a build context of tens of megabytes) then costs one copy into memory that is already
 * mapped, instead of fresh pages on every request (the first touch of new memory is the
 * expensive part on many machines). One request at a time holds the buffer; a second one
 * meanwhile reads into a buffer of its own. The kept buffer is dropped after a minute without
 * use, and one larger than `keepMax` is never kept.
 */
export class BodyBuffer {
  private spare: Uint8Array | null = null;
  private idle?: ReturnType<typeof setTimeout>;

  constructor(private readonly keepMax = 256 << 20) {}

  private keep(buf: Uint8Array): void {
    if (buf.length > this.keepMax) return;
    this.spare = buf;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => (this.spare = null), 60_000);
    this.idle.unref?.();
  }

  /** The whole body, and a release() to call once nothing looks at the bytes any more. */
  read(req: IncomingMessage): Promise<{ bytes: Uint8Array; release: () => void }> {
    let buf = this.spare ?? new Uint8Array(1 << 20);
    this.spare = null;
    let len = 0;
    return new Promise((resolve, reject) => {
      // 'data' events: several times faster than async iteration of a large body under Bun.
      req.on("data", (chunk: Buffer) => {
        if (len + chunk.length > buf.length) {
          const grown = new Uint8Array(Math.max(buf.length * 2, len + chunk.length));
          grown.set(buf.subarray(0, len));
          buf = grown;
        }
        buf.set(chunk, len);
        len += chunk.length;
      });
      req.on("end", () => {
        const mine = buf;
        resolve({ bytes: mine.subarray(0, len), release: () => this.keep(mine) });
      });
      req.on("error", reject);
    });
  }
}
