import { describe, expect, test } from "bun:test";
import { readRoom, takeRead } from "../../../src/net/recv-slabs.ts";
import { SendQueue } from "../../../src/net/send-queue.ts";

describe("recv slabs and the send queue's releases", () => {
  test("reads fill a slab; a full slab is reused once every chunk of it is acknowledged, never before", () => {
    const q = new SendQueue();
    const first = readRoom();
    const seen = new Set([first.slab]);
    let bytes = 0;
    // Fill slabs with 100 KiB reads until a second slab starts.
    let room = first;
    while (room.slab === first.slab) {
      const { chunk, release } = takeRead(room.slab, room.off, 100 << 10);
      chunk.fill(1);
      q.push(chunk, release);
      bytes += chunk.length;
      room = readRoom();
    }
    seen.add(room.slab);
    expect(room.slab).not.toBe(first.slab);
    // All but the last byte acknowledged: the first slab is still referenced.
    q.ack(bytes - 1);
    const { release: r2 } = takeRead(room.slab, room.off, room.len); // fill the second slab
    const third = readRoom();
    expect(third.slab).not.toBe(first.slab);
    q.ack(1); // now all of the first slab's chunks are let go
    r2();
    const fourth = readRoom();
    // The third slab is current; once it is full the next one comes from the freed ones.
    takeRead(fourth.slab, fourth.off, fourth.len);
    expect([first.slab, room.slab]).toContain(readRoom().slab);
  });

  test("clear does not release: frames of those bytes may still wait to be written", () => {
    const q = new SendQueue();
    let released = 0;
    q.push(new Uint8Array(10), () => released++);
    q.push(new Uint8Array(10), () => released++);
    q.ack(10);
    expect(released).toBe(1);
    q.clear();
    expect(released).toBe(1);
  });
});
