import { describe, expect, test } from "bun:test";
import { countingLink } from "../../../../src/engine/networks/link-counters.ts";
import type { FastFrameLink } from "../../../../src/net/index.ts";

describe("countingLink", () => {
  test("counts frames each way, sendParts by their whole length, and passes a fast link's extras on", () => {
    const sent: number[] = [];
    let frameCb: ((f: Uint8Array) => void) | undefined;
    const room = new Uint8Array(64);
    const inner: FastFrameLink = {
      send: (f) => void sent.push(f.length),
      sendParts: (h, parts) => void sent.push(h.length + parts.reduce((n, p) => n + p.length, 0)),
      onFrame: (cb) => void (frameCb = cb),
      onClose: () => {},
      close: () => {},
      alloc: (len) => room.subarray(0, len),
      congested: () => true,
    };
    const { link, counters } = countingLink(inner);
    const fast = link as FastFrameLink;
    const got: number[] = [];
    link.onFrame((f) => got.push(f.length));
    frameCb!(new Uint8Array(60));
    fast.send(fast.alloc!(42));
    fast.sendParts!(new Uint8Array(54), [new Uint8Array(1000), new Uint8Array(500)], 34, 16);
    expect(sent).toEqual([42, 1554]);
    expect(got).toEqual([60]);
    expect(counters).toEqual({ rxBytes: 1596, rxPackets: 2, txBytes: 60, txPackets: 1 });
    expect(fast.congested!()).toBe(true);
    expect(fast.backlogged).toBeUndefined(); // not offered by the inner link, not made up
  });
});
