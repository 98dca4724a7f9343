import type { FastFrameLink, FrameLink } from "../../net/index.ts";

/** Bytes and frames through one container interface, as the container sees them (rx: to it). */
export interface LinkCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

/**
 * The same link, counting what passes (docker stats' network I/O). The optional extras of a
 * fast link (the stack uses them when present) are passed on bound, so a plain object does
 * what a Proxy would, without a trap on every call of every frame.
 */
export function countingLink(link: FrameLink): { link: FrameLink; counters: LinkCounters } {
  const counters: LinkCounters = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
  const fast = link as FastFrameLink;
  const counted: FastFrameLink = {
    send(frame) {
      counters.rxBytes += frame.length;
      counters.rxPackets++;
      link.send(frame);
    },
    onFrame(cb) {
      link.onFrame((frame) => {
        counters.txBytes += frame.length;
        counters.txPackets++;
        cb(frame);
      });
    },
    onClose: (cb) => link.onClose(cb),
    close: () => link.close(),
  };
  if (link.released) counted.released = link.released.bind(link);
  if (fast.alloc) counted.alloc = fast.alloc.bind(fast);
  if (fast.congested) counted.congested = fast.congested.bind(fast);
  if (fast.backlogged) counted.backlogged = fast.backlogged.bind(fast);
  if (fast.onWritable) counted.onWritable = fast.onWritable.bind(fast);
  if (fast.sendParts) {
    const sendParts = fast.sendParts.bind(fast);
    counted.sendParts = (head, parts, csumStart, csumOffset) => {
      let n = head.length;
      for (const p of parts) n += p.length;
      counters.rxBytes += n;
      counters.rxPackets++;
      sendParts(head, parts, csumStart, csumOffset);
    };
  }
  return { link: counted, counters };
}
