import type { FrameLink } from "../../net/index.ts";

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
  const counted = new Proxy(link, {
    get(target, key) {
      if (key === "send") return send;
      if (key === "onFrame") return onFrame;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { link: counted, counters };
}
