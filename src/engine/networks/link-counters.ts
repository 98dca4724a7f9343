import type { FastFrameLink, FrameLink } from "../../net/index.ts";

/** Bytes and frames through one container interface, as the container sees them (rx: to it). */
export interface LinkCounters {
  rxBytes: number;
  rxPackets: number;
  txBytes: number;
  txPackets: number;
}

/**
 * The same link, counting what passes (docker stats' network I/O). A Proxy keeps every other
 * member of the link (the stack uses optional extras when a link offers them) bound to it.
 */
export function countingLink(link: FrameLink): { link: FrameLink; counters: LinkCounters } {
  const counters: LinkCounters = { rxBytes: 0, rxPackets: 0, txBytes: 0, txPackets: 0 };
  const send = (frame: Uint8Array) => {
    counters.rxBytes += frame.length;
    counters.rxPackets++;
    link.send(frame);
  };
  const onFrame = (cb: (frame: Uint8Array) => void) =>
    link.onFrame((frame) => {
      counters.txBytes += frame.length;
      counters.txPackets++;
      cb(frame);
    });
  // Bound once: the stack calls these per frame.
  const bound = new Map<PropertyKey, unknown>([["send", send], ["onFrame", onFrame]]);
  const fast = link as FastFrameLink;
  if (fast.sendParts) {
    const sendParts = fast.sendParts.bind(fast);
    bound.set("sendParts", (head: Uint8Array, parts: readonly Uint8Array[], csumStart: number, csumOffset: number) => {
      let n = head.length;
      for (const p of parts) n += p.length;
      counters.rxBytes += n;
      counters.rxPackets++;
      sendParts(head, parts, csumStart, csumOffset);
    });
  }
  const counted = new Proxy(link, {
    get(target, key) {
      const known = bound.get(key);
      if (known !== undefined) return known;
      const value = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      const fn = value.bind(target);
      bound.set(key, fn);
      return fn;
    },
  });
  return { link: counted, counters };
}
