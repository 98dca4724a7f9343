/**
 * The memory host sockets are read into (sys/host-reader.ts): 1 MiB slabs, each read landing in
 * the current slab's free tail. A chunk holds its slab until the guest has acknowledged it
 * (SendQueue calls its release); a slab comes back for reuse once it is full and let go of, so
 * steady traffic touches the same pages over and over instead of fresh ones.
 */
const SLAB = 1 << 20;
/** A read gets at least this much room; less left in the slab starts a new one. */
const MIN_ROOM = 64 << 10;
/** Free slabs kept for reuse; beyond that they go to the garbage collector. */
const KEEP = 32;

class Slab {
  readonly buf = Buffer.allocUnsafe(SLAB);
  used = 0;
  refs = 0;
  retired = false;
}

let current: Slab | undefined;
const spare: Slab[] = [];

function recycle(s: Slab): void {
  s.used = 0;
  s.refs = 0;
  s.retired = false;
  if (spare.length < KEEP) spare.push(s);
}

/** Where the next read goes: a slab, its offset and the room there. */
export function readRoom(): { slab: Slab; off: number; len: number } {
  let s = current;
  if (!s || SLAB - s.used < MIN_ROOM) {
    if (s) {
      s.retired = true;
      if (s.refs === 0) recycle(s);
    }
    s = current = spare.pop() ?? new Slab();
  }
  return { slab: s, off: s.used, len: SLAB - s.used };
}

/** Takes the `n` bytes just read at `off` as a chunk; `release` lets go of it. */
export function takeRead(slab: Slab, off: number, n: number): { chunk: Uint8Array; release: () => void } {
  slab.used = off + n;
  slab.refs++;
  let done = false;
  return {
    chunk: slab.buf.subarray(off, off + n),
    release: () => {
      if (done) return;
      done = true;
      if (--slab.refs === 0 && slab.retired) recycle(slab);
    },
  };
}
