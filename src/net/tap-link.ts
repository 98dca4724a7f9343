import { log } from "../lib/index.ts";
import { connectFd, TapWriter } from "../sys/index.ts";
import type { FastFrameLink, StreamFrameLink } from "./frame-link.ts";

/** struct virtio_net_hdr before every frame on the TAP (ffi/net-tap.h, BUNKER_VNET_HDR_LEN). */
export const VNET_HDR_LEN = 10;
const NEEDS_CSUM = 1;

/** The links that may wait for the writer's ring; told when it has room again. */
const links = new Set<TapFrameLink>();
let notifying: Promise<unknown> | undefined;

function watchRoom(writer: TapWriter): void {
  notifying ??= connectFd(writer.notifyFd, {
    open: (s) => s.unref(),
    data: () => {
      for (const l of [...links]) l.writable();
    },
  }).catch((err: Error) => log.warn(`net: the TAP writer's notify socket: ${err.message}`));
}

/**
 * A guest link whose frames to the guest go straight to its TAP (handed over by the monitor),
 * while the guest's frames still come over the monitor's stream. Frames queue in the TAP
 * writer's ring (sys/tap-writer.ts), whose thread writes each with one writev: the payload is
 * not copied here, and with a partial checksum (sendParts) not summed either: the guest's
 * kernel takes VIRTIO_NET_HDR_F_NEEDS_CSUM as verified, and completes the sum itself should it
 * forward the packet. The TAP is closed in the writer's order, after the frames queued for it.
 */
export class TapFrameLink implements FastFrameLink {
  private tap: number;
  /** The writer's slot room handed out by alloc (from its virtio_net_hdr on) and the frame view in it. */
  private pendingRoom: Uint8Array | undefined;
  private pending: Uint8Array | undefined;
  private readonly writableCbs: (() => void)[] = [];
  private drops = 0;
  /** The writer's slot that closes the TAP, once close() queued it. */
  private closeTicket: number | undefined;

  constructor(private readonly stream: StreamFrameLink, tapFd: number, private readonly writer = TapWriter.get()) {
    this.tap = tapFd;
    watchRoom(writer);
    links.add(this);
    stream.onClose(() => this.closeTap());
  }

  alloc(len: number): Uint8Array {
    const room = this.writer.nextHead();
    if (room && VNET_HDR_LEN + len <= room.length) {
      this.pendingRoom = room;
      this.pending = room.subarray(VNET_HDR_LEN, VNET_HDR_LEN + len);
      return this.pending;
    }
    this.pending = this.pendingRoom = undefined;
    return new Uint8Array(len);
  }

  /** The writer's next slot room with a virtio_net_hdr of zeros (complete checksums) at its start, if `frame` was built there. */
  private slotOf(frame: Uint8Array): Uint8Array | undefined {
    const room = frame === this.pending ? this.pendingRoom : undefined;
    this.pending = this.pendingRoom = undefined;
    if (room) for (let i = 0; i < VNET_HDR_LEN; i++) room[i] = 0;
    return room;
  }

  /** Queues `frame`; the caller must not change it afterwards (it is written later, not copied). */
  send(frame: Uint8Array): void {
    if (this.tap < 0) return;
    if (this.slotOf(frame)) return this.queued(this.writer.push(this.tap, VNET_HDR_LEN + frame.length));
    const room = this.writer.nextHead();
    if (!room) return this.queued(false);
    room.fill(0, 0, VNET_HDR_LEN);
    this.queued(this.writer.push(this.tap, VNET_HDR_LEN, [frame]));
  }

  /**
   * One frame of `head` (built by alloc: Ethernet, IP and L4 headers) and `parts` (its payload,
   * not copied; kept alive by the writer until written). The L4 checksum at
   * `csumStart + csumOffset` holds only the pseudo-header sum.
   */
  sendParts(head: Uint8Array, parts: readonly Uint8Array[], csumStart: number, csumOffset: number): void {
    if (this.tap < 0) return;
    const room = this.slotOf(head);
    if (!room) throw new Error("sendParts: the headers must come from alloc");
    room[0] = NEEDS_CSUM;
    room[1] = 0; // gso_type: none
    put16le(room, 2, head.length); // hdr_len
    put16le(room, 4, 0); // gso_size
    put16le(room, 6, csumStart);
    put16le(room, 8, csumOffset);
    // A payload in more pieces than a slot has iovecs for (many small host reads) is joined.
    const pieces = parts.length <= this.writer.maxParts ? parts : [Buffer.concat(parts as Uint8Array[])];
    this.queued(this.writer.push(this.tap, VNET_HDR_LEN + head.length, pieces));
  }

  private queued(ok: boolean): void {
    // A full ring drops the frame, as a full link would (TCP, which checks congested(), asks again).
    if (!ok && this.drops++ === 0) log.debug("net: the TAP writer's ring was full; a frame was dropped");
  }

  congested(): boolean {
    return this.writer.congested();
  }

  backlogged(): boolean {
    return this.writer.queued() > 0;
  }

  onWritable(cb: () => void): void {
    this.writableCbs.push(cb);
  }

  /** The writer's ring has room again. */
  writable(): void {
    for (const cb of this.writableCbs) cb();
  }

  onFrame(cb: (frame: Uint8Array) => void): void {
    this.stream.onFrame(cb);
  }

  onClose(cb: () => void): void {
    this.stream.onClose(cb);
  }

  close(): void {
    this.stream.close();
    this.closeTap();
  }

  private closeTap(): void {
    if (this.tap < 0) return;
    links.delete(this);
    this.closeTicket = this.writer.pushClose(this.tap);
    this.tap = -1;
  }

  async released(): Promise<void> {
    // The writer closes within microseconds of its turn; never wait on it for long.
    for (const until = performance.now() + 2000; this.closeTicket !== undefined && !this.writer.passed(this.closeTicket) && performance.now() < until; ) await Bun.sleep(1);
  }
}

function put16le(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 255;
  b[off + 1] = v >>> 8;
}
