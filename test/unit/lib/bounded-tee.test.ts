import { describe, expect, test } from "bun:test";
import { boundedTee } from "../../../src/lib/index.ts";

const chunks = (n: number, size: number) => Array.from({ length: n }, (_, i) => new Uint8Array(size).fill(i));
async function* from(list: Uint8Array[], failAt?: number) {
  for (const [i, c] of list.entries()) {
    if (i === failAt) throw new Error("connection reset");
    yield c;
  }
}
const total = (list: Uint8Array[]) => list.reduce((n, c) => n + c.byteLength, 0);
async function drain(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe("boundedTee", () => {
  test("both sides get every byte, in order", async () => {
    const src = chunks(20, 1000);
    const tee = boundedTee(from(src), 4096);
    const [a, b] = await Promise.all([drain(tee.first), drain(tee.second)]);
    expect(Buffer.concat(a)).toEqual(Buffer.concat(src));
    expect(Buffer.concat(b)).toEqual(Buffer.concat(src));
  });

  test("the first side waits while the second lags more than the limit behind", async () => {
    const tee = boundedTee(from(chunks(50, 1000)), 4096);
    let read = 0;
    const a = (async () => {
      for await (const c of tee.first) read += c.byteLength;
    })();
    await Bun.sleep(20);
    expect(read).toBeLessThanOrEqual(5000); // at most the limit plus one chunk ahead
    const b = await drain(tee.second);
    await a;
    expect(read).toBe(50_000);
    expect(total(b)).toBe(50_000);
  });

  test("a released or cancelled second side no longer holds the first back", async () => {
    const released = boundedTee(from(chunks(50, 1000)), 4096);
    released.release();
    expect(total(await drain(released.first))).toBe(50_000);
    const cancelled = boundedTee(from(chunks(50, 1000)), 4096);
    const reader = cancelled.second.getReader();
    const a = drain(cancelled.first);
    await reader.read();
    await reader.cancel();
    expect(total(await a)).toBe(50_000);
  });

  test("a failing source errors both sides; the second never ends as if whole", async () => {
    const tee = boundedTee(from(chunks(10, 100), 5), 4096);
    const [a, b] = await Promise.allSettled([drain(tee.first), drain(tee.second)]);
    expect(a.status).toBe("rejected");
    expect(b.status).toBe("rejected");
    expect(String((b as PromiseRejectedResult).reason)).toContain("connection reset");
  });

  test("a first side left early, or never read (the store had the blob), errors the second", async () => {
    const early = boundedTee(from(chunks(10, 100)), 4096);
    const b = drain(early.second);
    for await (const _ of early.first) break;
    await expect(b).rejects.toThrow("not read to its end");
    expect(early.complete).toBe(false);
    const unread = boundedTee(from(chunks(10, 100)), 4096);
    const c = drain(unread.second);
    await unread.first[Symbol.asyncIterator]().return!();
    await expect(c).rejects.toThrow("not read to its end");
  });

  test("abort errors a second side that is not whole, and leaves a whole one alone", async () => {
    const cut = boundedTee(from(chunks(10, 100)), 4096);
    const b = drain(cut.second);
    cut.abort(new Error("the store gave up"));
    await expect(b).rejects.toThrow("the store gave up");
    const whole = boundedTee(from(chunks(10, 100)), 4096);
    const c = drain(whole.second);
    await drain(whole.first);
    whole.abort(new Error("too late"));
    expect(whole.complete).toBe(true);
    expect(total(await c)).toBe(1000);
  });
});
