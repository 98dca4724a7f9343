/**
 * The Internet checksum (RFC 1071). The aligned middle is summed as little-endian 32-bit words
 * in four independent float accumulators (exact up to 2^53, far above any frame), then folded and
 * byte-swapped: a ones' complement sum does not depend on byte order except for that final swap.
 */

/** The ones' complement sum of `len` bytes at `off`, folded to 16 bits (not inverted). */
export function onesSum(b: Uint8Array, off: number, len: number): number {
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
