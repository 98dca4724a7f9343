/**
 * The TAP writer (ffi/net-tx.c): frames for containers' TAPs go into a ring that a thread of the
 * C helper drains, one writev each, so the copy into the kernel and the container's receive
 * path (which runs inside that write) use the other core while the event loop reads on.
 * The ring is the helper's memory seen as an ArrayBuffer; this side is its only producer.
 */
import { FFIType, ptr, toArrayBuffer } from "bun:ffi";
import { bindHelper } from "./_ffi.ts";
import { SyscallError } from "./syscall-error.ts";

const { i32 } = FFIType;
const txHelper = bindHelper({
  bunker_tx_start: { args: [FFIType.ptr, FFIType.ptr], returns: i32 },
  bunker_tx_kick: { args: [], returns: i32 },
  bunker_tx_layout: { args: [i32], returns: i32 },
} as const);

const PROD = 0, CONS = 1, SLEEPING = 2, WANT = 3, DROPPED = 4;

export class TapWriter {
  private static one: TapWriter | undefined;

  /** The process's writer, started on first use. Throws SyscallError. */
  static get(): TapWriter {
    return (TapWriter.one ??= new TapWriter());
  }

  /** A byte arrives here whenever the ring has room again after `congested()` said it had not. */
  readonly notifyFd: number;
  readonly slots: number;
  /** Bytes of a slot's own room (headers and small frames). */
  readonly headRoom: number;
  /** Payload pieces a frame may have besides the slot's own room (more must be joined first). */
  readonly maxParts: number;
  private readonly maxIov: number;
  private readonly slotSize: number;
  private readonly slotsOff: number;
  private readonly iovOff: number;
  private readonly headOff: number;
  private readonly base: number;
  private readonly mem: Uint8Array;
  private readonly words: Uint32Array;
  private readonly ctl: Uint32Array;
  private prod = 0;
  private released = 0;
  /** What each queued slot points at outside the ring, kept alive until the writer is past it. */
  private readonly pins: unknown[];

  private constructor() {
    const h = txHelper();
    const addr = new BigUint64Array(1);
    const size = new Int32Array(1);
    const fd = h.bunker_tx_start(addr, size);
    if (fd < 0) throw SyscallError.fromReturn(fd, "start the TAP writer thread");
    this.notifyFd = fd;
    this.slots = h.bunker_tx_layout(0);
    this.maxIov = h.bunker_tx_layout(1);
    this.maxParts = this.maxIov - 1;
    this.headRoom = h.bunker_tx_layout(2);
    this.slotSize = h.bunker_tx_layout(3);
    this.slotsOff = h.bunker_tx_layout(4);
    this.iovOff = h.bunker_tx_layout(5);
    this.headOff = h.bunker_tx_layout(6);
    this.base = Number(addr[0]);
    const buf = toArrayBuffer(this.base as never, 0, size[0]!);
    this.mem = new Uint8Array(buf);
    this.words = new Uint32Array(buf);
    this.ctl = new Uint32Array(buf, 0, 16);
    this.pins = new Array(this.slots);
  }

  private slotAt(i: number): number {
    return this.slotsOff + (i % this.slots) * this.slotSize;
  }

  /** Frames queued and not yet written. */
  queued(): number {
    return (this.prod - Atomics.load(this.ctl, CONS)) >>> 0;
  }

  /** Whether producers should wait (a byte on notifyFd says when to go on). */
  congested(): boolean {
    if (this.queued() < (this.slots * 3) / 4) return false;
    Atomics.store(this.ctl, WANT, 1);
    return true;
  }

  /** Frames the kernel refused so far. */
  dropped(): number {
    return Atomics.load(this.ctl, DROPPED);
  }

  /** The next slot's own room (`headRoom` bytes), or undefined while the ring is full. */
  nextHead(): Uint8Array | undefined {
    if (this.queued() >= this.slots) return undefined;
    const off = this.slotAt(this.prod) + this.headOff;
    return this.mem.subarray(off, off + this.headRoom);
  }

  /**
   * Queues a frame for `fd`: the first `headLen` bytes of the next slot's room (filled through
   * nextHead), then `parts` (kept alive here until written; the caller must not change them).
   * False when the ring is full (the frame is dropped, as a full link would).
   */
  push(fd: number, headLen: number, parts?: readonly Uint8Array[]): boolean {
    if (this.queued() >= this.slots) return false;
    const n = (parts?.length ?? 0) + 1;
    if (n > this.maxIov) throw new RangeError(`a frame of ${n} pieces (at most ${this.maxIov})`);
    const slot = this.slotAt(this.prod);
    const w = this.words;
    w[slot / 4] = fd;
    w[slot / 4 + 1] = n;
    let iov = (slot + this.iovOff) / 4;
    this.iov(iov, this.base + slot + this.headOff, headLen);
    if (parts) {
      for (const p of parts) {
        iov += 4;
        this.iov(iov, ptr(p), p.length);
      }
      this.pins[this.prod % this.slots] = parts;
    }
    this.commit();
    return true;
  }

  /** Closes `fd` in the writer's order, after the frames queued for it; `passed(ticket)` tells when it is closed. */
  pushClose(fd: number): number {
    // The writer is draining: a full ring has room again within a few frames.
    while (this.queued() >= this.slots) this.release();
    const ticket = this.prod;
    const slot = this.slotAt(ticket);
    this.words[slot / 4] = (-1 - fd) >>> 0;
    this.words[slot / 4 + 1] = 0;
    this.commit();
    return ticket;
  }

  /** Whether the writer is past the slot `ticket` (pushClose's: the fd is closed). */
  passed(ticket: number): boolean {
    return ((Atomics.load(this.ctl, CONS) - ticket - 1) >>> 0) < 0x80000000;
  }

  private iov(word: number, addr: number, len: number): void {
    const w = this.words;
    w[word] = addr >>> 0;
    w[word + 1] = Math.floor(addr / 0x100000000);
    w[word + 2] = len;
    w[word + 3] = 0;
  }

  private commit(): void {
    this.prod = (this.prod + 1) >>> 0;
    Atomics.store(this.ctl, PROD, this.prod);
    if (Atomics.load(this.ctl, SLEEPING)) txHelper().bunker_tx_kick();
    this.release();
  }

  /** Lets go of what the writer is past. */
  private release(): void {
    const cons = Atomics.load(this.ctl, CONS);
    while (this.released !== cons) {
      this.pins[this.released % this.slots] = undefined;
      this.released = (this.released + 1) >>> 0;
    }
  }
}
