import { describe, expect, test } from "bun:test";
import { checksumKernel, jsSum, onesSum } from "../../../src/net/checksum.ts";
import { sum16 } from "./_guest.ts";

describe("onesSum", () => {
  test("matches the byte-wise RFC 1071 sum at every alignment and length", () => {
    const buf = new Uint8Array(70000 + 64);
    let seed = 7;
    for (let i = 0; i < buf.length; i++) buf[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255;
    for (const off of [0, 1, 2, 3, 5, 14, 34]) {
      for (const len of [0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 64, 1001, 65480, 65481, 70000]) {
        const want = sum16(buf.subarray(off, off + len));
        expect(onesSum(buf, off, len)).toBe(want);
        expect(jsSum(buf, off, len)).toBe(want);
      }
    }
    // Views that start at odd byte offsets of their buffer.
    const view = buf.subarray(3, 60003);
    expect(onesSum(view, 1, 50001)).toBe(sum16(view.subarray(1, 50002)));
  });

  test("the WebAssembly SIMD kernel is in use where the runtime has it (Bun has)", () => {
    expect(checksumKernel).toBe("wasm-simd");
  });

  test("all 0xff bytes fold to 0xffff, all zeros to 0", () => {
    expect(onesSum(new Uint8Array(65536).fill(0xff), 0, 65536)).toBe(0xffff);
    expect(onesSum(new Uint8Array(100), 0, 100)).toBe(0);
  });
});
