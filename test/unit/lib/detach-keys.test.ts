import { describe, expect, test } from "bun:test";
import { DetachScanner, parseDetachKeys } from "../../../src/lib/index.ts";

describe("detach keys", () => {
  test("Docker's syntax: ctrl-<key> and single characters; anything else is refused", () => {
    expect([...parseDetachKeys("ctrl-p,ctrl-q")]).toEqual([16, 17]);
    expect([...parseDetachKeys("ctrl-@,ctrl-[,ctrl-_,a")]).toEqual([0, 27, 31, 97]);
    expect(() => parseDetachKeys("ctrl-")).toThrow("Invalid detach keys (ctrl-) provided");
    expect(() => parseDetachKeys("ctrl-pq")).toThrow("Invalid detach keys");
  });

  test("the sequence detaches and is never passed on; a broken sequence is passed on as it came", () => {
    const s = new DetachScanner(parseDetachKeys("ctrl-p,ctrl-q"));
    expect(s.feed(Buffer.from("ab\x10"))).toEqual({ data: Buffer.from("ab"), detach: false });
    expect(s.feed(Buffer.from("x"))).toEqual({ data: Buffer.from("\x10x"), detach: false });
    expect(s.feed(Buffer.from("\x10\x10"))).toEqual({ data: Buffer.from("\x10"), detach: false });
    expect(s.feed(Buffer.from("\x11tail"))).toEqual({ data: Buffer.alloc(0), detach: true });
    const single = new DetachScanner(parseDetachKeys("q"));
    expect(single.feed(Buffer.from("abqc"))).toEqual({ data: Buffer.from("ab"), detach: true });
  });
});
