/**
 * The Internet checksum (RFC 1071). The aligned middle is summed as little-endian 32-bit words
 * in four independent float accumulators (exact up to 2^53, far above any frame), then folded and
 * byte-swapped: a ones' complement sum does not depend on byte order except for that final swap.
 */

/** The ones' complement sum of `len` bytes at `off`, folded to 16 bits (not inverted). */
export function onesSum(b: Uint8Array, off: number, len: number): number {
  if (len >= SIMD_MIN && simd) {
    let at: number;
    if (b.buffer === simd.mem.buffer) at = b.byteOffset + off; // a frame built in a kernel arena
    else if (len <= SCRATCH) {
      simd.mem.set(b.subarray(off, off + len), 0);
      at = 0;
    } else return jsSum(b, off, len);
    return simdSum(simd, at, b, off, len);
  }
  return jsSum(b, off, len);
}

/** The same sum in plain JavaScript: small inputs, and hosts without WebAssembly SIMD. */
export function jsSum(b: Uint8Array, off: number, len: number): number {
  if (len <= SMALL) return byteSum(b, off, len);
  const end = off + len;
  let i = off;
  let lead = (4 - ((b.byteOffset + off) & 3)) & 3;
  if (lead > len) lead = len;
  let head = 0;
  for (let k = 0; k < lead; k++) head += k & 1 ? b[i + k]! : b[i + k]! << 8;
  i += lead;
  const n = (end - i) >>> 2;
  let middle = 0;
  if (n > 0) {
    const u = new Uint32Array(b.buffer, b.byteOffset + i, n);
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, k = 0;
    const n4 = n & ~3;
    for (; k < n4; k += 4) {
      s0 += u[k]!;
      s1 += u[k + 1]!;
      s2 += u[k + 2]!;
      s3 += u[k + 3]!;
    }
    for (; k < n; k++) s0 += u[k]!;
    let le = s0 + s1 + s2 + s3;
    while (le > 0xffff) le = (le % 65536) + Math.floor(le / 65536);
    // Little-endian words starting at an even distance from `off` are byte-swapped sums.
    middle = lead & 1 ? le : ((le & 0xff) << 8) | (le >>> 8);
    i += n * 4;
  }
  let tail = 0;
  for (let pos = i - off; i < end; i++, pos++) tail += pos & 1 ? b[i]! : b[i]! << 8;
  let s = head + middle + tail;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** Below this, byte pairs beat making a 32-bit view (headers: 20 bytes per frame). */
const SMALL = 64;

function byteSum(b: Uint8Array, off: number, len: number): number {
  const end = off + len;
  let s = 0;
  let i = off;
  for (; i + 1 < end; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (i < end) s += b[i]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** Adds 16-bit folded sums. */
export function addSums(a: number, b: number): number {
  let s = a + b;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** The checksum field value for data whose folded sum is `sum`. */
export function finish(sum: number): number {
  return ~sum & 0xffff;
}

/** The IPv4 pseudo-header sum for TCP/UDP: source, destination, protocol and L4 length. */
export function pseudoSum(src: number, dst: number, proto: number, l4len: number): number {
  return addSums(
    (src >>> 16) + (src & 0xffff) + (dst >>> 16) + (dst & 0xffff),
    proto + l4len,
  );
}

/*
 * A WebAssembly SIMD kernel for large inputs: about twice the plain loop with a copy into its
 * memory, more without one: frames built in an arena of that memory (takeArena) are summed in
 * place. The module is assembled here from its bytes (a dozen instructions; no toolchain):
 *   (func $sum (param $p i32) (param $n i32) (result i32)   ;; $n a multiple of 16
 *     (local $end i32) (local $acc v128) (local $s i64)
 *     $end = $p + $n
 *     loop while $p < $end:  $acc = i32x4.add($acc, i32x4.extadd_pairwise_i16x8_u(v128.load $p)); $p += 16
 *     $s = sum of $acc's four lanes (as i64); fold $s to 16 bits four times; return $s)
 * Lanes add pairs of little-endian 16-bit words, so they cannot overflow below 512 KiB; the
 * result is the byte-swapped Internet sum, swapped back here. The last len % 16 bytes are summed
 * in JavaScript (they start at an even distance, so they simply add).
 * The memory never grows (growing would detach every view of it): SCRATCH bytes for copies, then
 * ARENAS arenas of ARENA_SIZE for frame links' output buffers (untouched pages cost nothing).
 */
const SIMD_MIN = 128;
const SCRATCH = 4 * 65536;
export const ARENA_SIZE = 1 << 20;
const ARENAS = 64;
const PAGES = (SCRATCH + ARENAS * ARENA_SIZE) / 65536;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function assemble(): Uint8Array {
  const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];
  const name = (s: string) => [s.length, ...new TextEncoder().encode(s)];
  const fold = [0x20, 4, 0x42, 0xff, 0xff, 0x03, 0x83, 0x20, 4, 0x42, 0x10, 0x88, 0x7c, 0x21, 4];
  const lane = (i: number) => [0x20, 3, 0xfd, 0x1b, i, 0xad];
  const body = [
    0x03, 0x01, 0x7f, 0x01, 0x7b, 0x01, 0x7e, // locals: i32 $end, v128 $acc, i64 $s
    0x20, 0, 0x20, 1, 0x6a, 0x21, 2, // $end = $p + $n
    0x02, 0x40, 0x03, 0x40, // block, loop
    0x20, 0, 0x20, 2, 0x4f, 0x0d, 1, // br_if out when $p >= $end
    0x20, 3, 0x20, 0, 0xfd, 0x00, 0x00, 0x00, 0xfd, 0x7f, 0xfd, 0xae, 0x01, 0x21, 3, // $acc += pairs
    0x20, 0, 0x41, 0x10, 0x6a, 0x21, 0, // $p += 16
    0x0c, 0, 0x0b, 0x0b, // br loop, end, end
    ...lane(0), ...lane(1), 0x7c, ...lane(2), 0x7c, ...lane(3), 0x7c, 0x21, 4,
    ...fold, ...fold, ...fold, ...fold,
    0x20, 4, 0xa7, 0x0b, // (i32) $s
  ];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [1, 0x60, 2, 0x7f, 0x7f, 1, 0x7f]),
    ...section(3, [1, 0]),
    ...section(5, [1, 1, ...leb(PAGES), ...leb(PAGES)]),
    ...section(7, [2, ...name("sum"), 0, 0, ...name("mem"), 2, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

interface Simd {
  sum: (p: number, n: number) => number;
  mem: Uint8Array;
}

function simdSum(s: Simd, at: number, b: Uint8Array, off: number, len: number): number {
  const n16 = len & ~15;
  const le = s.sum(at, n16);
  const sum = ((le & 0xff) << 8) | (le >>> 8);
  return n16 === len ? sum : addSums(sum, jsSum(b, off + n16, len - n16));
}

const simd: Simd | undefined = (() => {
  try {
    const inst = new WebAssembly.Instance(new WebAssembly.Module(assemble()));
    const s: Simd = { sum: inst.exports.sum as Simd["sum"], mem: new Uint8Array((inst.exports.mem as WebAssembly.Memory).buffer) };
    // Trust it only if it agrees with the plain loop.
    const probe = new Uint8Array(301).map((_, i) => (i * 37 + 11) & 255);
    s.mem.set(probe.subarray(3), 0);
    return simdSum(s, 0, probe, 3, 298) === jsSum(probe, 3, 298) ? s : undefined;
  } catch {
    return undefined;
  }
})();

/** Which kernel onesSum uses for large inputs (for tests and benchmarks). */
export const checksumKernel: "wasm-simd" | "js" = simd ? "wasm-simd" : "js";

const freeArenas: number[] = simd ? Array.from({ length: ARENAS }, (_, i) => SCRATCH + i * ARENA_SIZE).reverse() : [];

/** An output buffer in the kernel's memory (frames built there are summed in place), or a plain one. */
export function takeArena(): Buffer {
  const at = freeArenas.pop();
  if (at === undefined || !simd) return Buffer.allocUnsafe(ARENA_SIZE);
  return Buffer.from(simd.mem.buffer, at, ARENA_SIZE);
}

/** Gives an arena back (plain buffers are left to the collector). */
export function giveArena(b: Buffer): void {
  if (simd && b.buffer === simd.mem.buffer) freeArenas.push(b.byteOffset);
}
