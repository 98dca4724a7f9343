import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Socket } from "bun";
import { FrameDecoder } from "../../../src/net/frame-link.ts";
import { connectFrameSocket } from "../../../src/net/index.ts";

function framed(frames: Uint8Array[]): Buffer {
  return Buffer.concat(frames.flatMap((f) => [Buffer.from([f.length >>> 24, (f.length >>> 16) & 255, (f.length >>> 8) & 255, f.length & 255]), Buffer.from(f)]));
}

describe("FrameDecoder", () => {
  test("frames come out whole however the stream is cut; zero lengths are skipped", () => {
    const frames = [60, 1, 0, 65534, 1500, 3].map((n, k) => new Uint8Array(n).map((_, i) => (i + k) & 255));
    const stream = framed(frames);
    for (const cut of [1, 2, 3, 5, 4096, 70000, stream.length]) {
      const got: Uint8Array[] = [];
      const d = new FrameDecoder((f) => got.push(Uint8Array.prototype.slice.call(f)), () => {
        throw new Error("corrupt");
      });
      for (let i = 0; i < stream.length; i += cut) d.push(stream.subarray(i, i + cut));
      // A zero length is the monitor's greeting, not a frame.
      const want = frames.filter((f) => f.length > 0);
      expect(got.map((f) => f.length)).toEqual(want.map((f) => f.length));
      got.forEach((f, i) => expect(Buffer.from(f).equals(Buffer.from(want[i]!))).toBe(true));
    }
  });

  test("a length beyond any frame marks the stream corrupt", () => {
    let corrupt = 0;
    const d = new FrameDecoder(() => {}, () => corrupt++);
    d.push(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]));
    expect(corrupt).toBe(1);
  });
});

describe("connectFrameSocket", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  test("carries frames both ways over a unix socket and reports the close", async () => {
    const dir = mkdtempSync("/tmp/bk-netlink-");
    dirs.push(dir);
    const path = join(dir, "net.sock");
    const serverGot: Buffer[] = [];
    let peer: Socket<undefined> | undefined;
    const server = Bun.listen({ unix: path, socket: { open: (s) => void (peer = s), data: (_s, d) => void serverGot.push(Buffer.from(d)) } });
    try {
      const link = await connectFrameSocket(path);
      const got: Uint8Array[] = [];
      let closed = false;
      link.onFrame((f) => got.push(Uint8Array.prototype.slice.call(f)));
      link.onClose(() => (closed = true));
      const big = new Uint8Array(65534).map((_, i) => i & 255);
      for (let i = 0; i < 40; i++) link.send(i % 2 ? big : new Uint8Array([i]));
      for (let i = 0; i < 100 && Buffer.concat(serverGot).length < 20 * (65534 + 4) + 20 * 5; i++) await Bun.sleep(10);
      const stream = Buffer.concat(serverGot);
      expect(stream.length).toBe(20 * (65534 + 4) + 20 * 5);
      expect(stream.readUInt32BE(0)).toBe(1);
      expect(stream.readUInt32BE(5)).toBe(65534);
      peer!.write(framed([new Uint8Array([1, 2, 3]), big]));
      for (let i = 0; i < 100 && got.length < 2; i++) await Bun.sleep(10);
      expect(got.map((f) => f.length)).toEqual([3, 65534]);
      peer!.end();
      for (let i = 0; i < 100 && !closed; i++) await Bun.sleep(10);
      expect(closed).toBe(true);
    } finally {
      server.stop(true);
    }
  });

  test("a peer that sends frames at once (no greeting: an older monitor) loses none of them", async () => {
    const dir = mkdtempSync("/tmp/bk-netlink-");
    dirs.push(dir);
    const path = join(dir, "net.sock");
    const first = [new Uint8Array([9, 8, 7, 6, 5]), new Uint8Array(70).fill(3)];
    const server = Bun.listen({ unix: path, socket: { open: (s) => void s.write(framed(first)), data: () => {} } });
    try {
      const t0 = performance.now();
      const link = await connectFrameSocket(path);
      expect(performance.now() - t0).toBeLessThan(900); // no wait for a greeting that will not come
      expect("sendParts" in link).toBe(false);
      const got: Uint8Array[] = [];
      link.onFrame((f) => got.push(Uint8Array.prototype.slice.call(f)));
      for (let i = 0; i < 100 && got.length < 2; i++) await Bun.sleep(10);
      expect(got.map((f) => [...f])).toEqual(first.map((f) => [...f]));
      link.close();
    } finally {
      server.stop(true);
    }
  });

  test("a missing socket is a clear error", async () => {
    await expect(connectFrameSocket("/nonexistent/net.sock")).rejects.toThrow(/network socket/);
  });
});
