/**
 * The TAP writer's ring and thread (ffi/net-tx.c, src/sys/tap-writer.ts), against a unix socket
 * instead of a TAP: whatever the thread writes arrives in order on the other end, a frame being
 * its slot's own bytes followed by its parts, across many turns of the ring; a close in the queue
 * closes the fd after the frames before it.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { connectUnixSocket, setSocketBuffers, TapWriter } from "../../../src/sys/index.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function receiver(): Promise<{ fd: number; got: () => Buffer; ended: Promise<void> }> {
  const dir = mkdtempSync("/tmp/bk-tapwriter-");
  const path = join(dir, "s.sock");
  const chunks: Buffer[] = [];
  let end!: () => void;
  const ended = new Promise<void>((r) => (end = r));
  const server = Bun.listen({ unix: path, socket: { data: (_s, d) => void chunks.push(Buffer.from(d)), close: () => end() } });
  cleanups.push(() => {
    server.stop(true);
    rmSync(dir, { recursive: true, force: true });
  });
  const fd = connectUnixSocket(path);
  setSocketBuffers(fd, 4 << 20, 0);
  return { fd, got: () => Buffer.concat(chunks), ended };
}

describe("TapWriter", () => {
  test("frames arrive whole and in order across many turns of the ring; a queued close closes after them", async () => {
    const w = TapWriter.get();
    const r = await receiver();
    const want: Buffer[] = [];
    const frames = w.slots * 5 + 37;
    for (let i = 0; i < frames; i++) {
      const head = w.nextHead()!;
      expect(head.length).toBe(w.headRoom);
      const hlen = 1 + (i % 60);
      head.fill(i & 255, 0, hlen);
      // Parts from short-lived buffers: the writer keeps them alive until written.
      const parts = i % 3 === 0 ? [] : Array.from({ length: 1 + (i % 4) }, (_, k) => Buffer.alloc(1 + ((i * 7 + k) % 300), (i + k) & 255));
      expect(w.push(r.fd, hlen, parts)).toBe(true);
      want.push(Buffer.alloc(hlen, i & 255), ...parts);
      // Let the thread and the receiver keep up (a unix socket, unlike a TAP, can be full).
      if (i % 200 === 199) for (let k = 0; k < 200 && w.queued() > 0; k++) await Bun.sleep(1);
    }
    w.pushClose(r.fd);
    await r.ended;
    const all = Buffer.concat(want);
    expect(r.got().length).toBe(all.length);
    expect(r.got().equals(all)).toBe(true);
    expect(w.queued()).toBe(0);
    expect(w.dropped()).toBe(0);
  });

  test("the ring is shared: a second writer handle is the same one", () => {
    expect(TapWriter.get()).toBe(TapWriter.get());
  });

  test("a frame of more pieces than a slot has iovecs for is refused before anything is queued", async () => {
    const w = TapWriter.get();
    const before = w.queued();
    expect(() => w.push(-1, 0, Array.from({ length: 64 }, () => new Uint8Array(1)))).toThrow(RangeError);
    expect(w.queued()).toBe(before);
  });
});
