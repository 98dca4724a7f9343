import { log } from "../lib/index.ts";
import { closeFd, tapWrite } from "../sys/index.ts";
import type { FastFrameLink, StreamFrameLink } from "./frame-link.ts";
import { MAX_STREAM_FRAME } from "./frame-link.ts";

/** struct virtio_net_hdr before every frame on the TAP (ffi/net-tap.h, BUNKER_VNET_HDR_LEN). */
export const VNET_HDR_LEN = 10;
const NEEDS_CSUM = 1;
const E2BIG = 7;
const plainHdr = new Uint8Array(VNET_HDR_LEN);

/**
 * A guest link whose frames to the guest go straight to its TAP (handed over by the monitor),
 * while the guest's frames still come over the monitor's stream. A frame is one writev: no hop
 * through the monitor, the payload is not copied, and with a partial checksum (sendParts) it is
 * not summed either: the guest's kernel takes VIRTIO_NET_HDR_F_NEEDS_CSUM as verified, and
 * completes the sum itself should it forward the packet.
 */
export class TapFrameLink implements FastFrameLink {
  /** Frames are built here (after room for the virtio_net_hdr); one at a time, sent before the next. */
  private readonly out = Buffer.alloc(VNET_HDR_LEN + MAX_STREAM_FRAME);
  private tap: number;
  private warned = false;

  constructor(private readonly stream: StreamFrameLink, tapFd: number) {
    this.tap = tapFd;
    stream.onClose(() => this.closeTap());
  }

  alloc(len: number): Uint8Array {
    if (len > MAX_STREAM_FRAME) return new Uint8Array(len);
    return this.out.subarray(VNET_HDR_LEN, VNET_HDR_LEN + len);
  }

  private built(frame: Uint8Array): boolean {
    return frame.buffer === this.out.buffer && frame.byteOffset === this.out.byteOffset + VNET_HDR_LEN;
  }

  send(frame: Uint8Array): void {
    if (this.tap < 0) return;
    if (this.built(frame)) {
      this.out.fill(0, 0, VNET_HDR_LEN);
      this.written(tapWrite(this.tap, this.out.subarray(0, VNET_HDR_LEN + frame.length)));
    } else {
      this.written(tapWrite(this.tap, plainHdr, [frame]));
    }
  }

  /**
   * One frame of `head` (built by alloc: Ethernet, IP and L4 headers) and `parts` (its payload,
   * not copied). The L4 checksum at `csumStart + csumOffset` holds only the pseudo-header sum.
   */
  sendParts(head: Uint8Array, parts: readonly Uint8Array[], csumStart: number, csumOffset: number): void {
    if (this.tap < 0) return;
    if (!this.built(head)) throw new Error("sendParts: the headers must come from alloc");
    const o = this.out;
    o[0] = NEEDS_CSUM;
    o[1] = 0; // gso_type: none
    o.writeUInt16LE(head.length, 2); // hdr_len
    o.writeUInt16LE(0, 4); // gso_size
    o.writeUInt16LE(csumStart, 6);
    o.writeUInt16LE(csumOffset, 8);
    const hdrAndHead = o.subarray(0, VNET_HDR_LEN + head.length);
    let rc = tapWrite(this.tap, hdrAndHead, parts);
    if (rc === -E2BIG) rc = tapWrite(this.tap, hdrAndHead, [Buffer.concat(parts as Uint8Array[])]);
    this.written(rc);
  }

  private written(rc: number): void {
    // A refused frame is dropped, as on a link (the guest's TCP asks again). The device gone
    // (its namespace ended) shows as EBADFD/EIO: the stream's close follows.
    if (rc < 0 && !this.warned) {
      this.warned = true;
      log.debug(`net: a frame to the TAP failed (errno ${-rc}); frames are dropped while it does`);
    }
  }

  congested(): boolean {
    return false;
  }

  backlogged(): boolean {
    return false;
  }

  onWritable(): void {}

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
    closeFd(this.tap);
    this.tap = -1;
  }
}
