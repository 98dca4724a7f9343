import { addSums, finish, onesSum, pseudoSum } from "./checksum.ts";
import type { FastFrameLink } from "./frame-link.ts";

/** Ethernet + IPv4 constants and the one frame builder everything sending to a guest uses. */
export const ETH_HLEN = 14;
export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const IP_OFF = ETH_HLEN;
export const IP_HLEN = 20;
/** Where L4 starts in the frames we build (IHL 5). */
export const L4_OFF = ETH_HLEN + IP_HLEN;
export const PROTO_ICMP = 1;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

let ipId = 1;

/**
 * A frame with Ethernet and IPv4 headers filled (checksummed), room for `l4len` bytes of L4 at
 * L4_OFF (or only `room` of them, when the rest goes out as separate parts: sendParts).
 * Taken from the link's own output buffer when it offers one; send it before building the next.
 */
export function ipFrame(
  link: FastFrameLink,
  dstMac: Uint8Array,
  srcMac: Uint8Array,
  src: number,
  dst: number,
  proto: number,
  l4len: number,
  room = l4len,
): Uint8Array {
  const len = L4_OFF + room;
  const f = link.alloc ? link.alloc(len) : new Uint8Array(len);
  f.set(dstMac, 0);
  f.set(srcMac, 6);
  f[12] = 0x08;
  f[13] = 0x00;
  const ipLen = IP_HLEN + l4len;
  f[14] = 0x45;
  f[15] = 0;
  f[16] = ipLen >>> 8;
  f[17] = ipLen & 255;
  ipId = (ipId + 1) & 0xffff;
  f[18] = ipId >>> 8;
  f[19] = ipId & 255;
  f[20] = 0x40; // don't fragment
  f[21] = 0;
  f[22] = 64;
  f[23] = proto;
  f[24] = 0;
  f[25] = 0;
  put32(f, 26, src);
  put32(f, 30, dst);
  const c = finish(onesSum(f, IP_OFF, IP_HLEN));
  f[24] = c >>> 8;
  f[25] = c & 255;
  return f;
}

/** Fills the TCP/UDP checksum at `l4off + at` of a frame built by ipFrame. */
export function setL4Checksum(f: Uint8Array, proto: number, src: number, dst: number, l4len: number, at: number): void {
  f[L4_OFF + at] = 0;
  f[L4_OFF + at + 1] = 0;
  let c = finish(addSums(pseudoSum(src, dst, proto, l4len), onesSum(f, L4_OFF, l4len)));
  if (c === 0 && proto === PROTO_UDP) c = 0xffff;
  f[L4_OFF + at] = c >>> 8;
  f[L4_OFF + at + 1] = c & 255;
}

/**
 * For a link that completes checksums (sendParts): the TCP/UDP checksum field at `l4off + at`
 * gets only the pseudo-header sum, not inverted, as virtio's NEEDS_CSUM wants it.
 */
export function setPartialL4Checksum(f: Uint8Array, proto: number, src: number, dst: number, l4len: number, at: number): void {
  const c = pseudoSum(src, dst, proto, l4len);
  f[L4_OFF + at] = c >>> 8;
  f[L4_OFF + at + 1] = c & 255;
}

export function put32(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = (v >>> 16) & 255;
  b[off + 2] = (v >>> 8) & 255;
  b[off + 3] = v & 255;
}

export function get32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}

export function get16(b: Uint8Array, off: number): number {
  return (b[off]! << 8) | b[off + 1]!;
}

export function put16(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 8;
  b[off + 1] = v & 255;
}

/** A parsed, verified IPv4 packet inside a frame: offsets only, no copies. */
export interface Ipv4 {
  src: number;
  dst: number;
  proto: number;
  /** L4 start and length within the frame. */
  l4: number;
  l4len: number;
  ttl: number;
}

/**
 * Parses and verifies an IPv4 header (version, lengths, header checksum); undefined for anything
 * malformed or fragmented (we do not reassemble; TCP sets DF and the MTU is large).
 */
export function parseIpv4(f: Uint8Array): Ipv4 | undefined {
  if (f.length < ETH_HLEN + 20) return undefined;
  const vihl = f[IP_OFF]!;
  if (vihl >>> 4 !== 4) return undefined;
  const ihl = (vihl & 15) * 4;
  if (ihl < 20) return undefined;
  const total = get16(f, IP_OFF + 2);
  if (total < ihl || ETH_HLEN + total > f.length) return undefined;
  const frag = get16(f, IP_OFF + 6);
  if ((frag & 0x3fff) !== 0) return undefined; // MF set or an offset: a fragment
  if (onesSum(f, IP_OFF, ihl) !== 0xffff) return undefined;
  return {
    src: get32(f, IP_OFF + 12),
    dst: get32(f, IP_OFF + 16),
    proto: f[IP_OFF + 9]!,
    l4: IP_OFF + ihl,
    l4len: total - ihl,
    ttl: f[IP_OFF + 8]!,
  };
}

/** Whether a TCP or UDP segment's checksum (with the pseudo header) is right. */
export function l4ChecksumOk(f: Uint8Array, ip: Ipv4): boolean {
  return addSums(pseudoSum(ip.src, ip.dst, ip.proto, ip.l4len), onesSum(f, ip.l4, ip.l4len)) === 0xffff;
}
