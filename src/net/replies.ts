import { addSums, finish, onesSum } from "./checksum.ts";
import type { Guest } from "./guest.ts";
import { type Ipv4, ETHERTYPE_ARP, IP_OFF, L4_OFF, PROTO_ICMP, PROTO_TCP, get16, get32, ipFrame, put16, put32, setL4Checksum } from "./packet.ts";

/** Frames the network answers with on its own: ARP replies, echo replies, resets, ICMP errors. */

/** Answers an ARP request for `ip` with `mac` (the gateway's, or a peer's: proxy ARP). */
export function arpReply(g: Guest, req: Uint8Array, mac: Uint8Array): void {
  const f = g.link.alloc ? g.link.alloc(42) : new Uint8Array(42);
  f.set(req.subarray(22, 28), 0); // to the requester's hardware address
  f.set(mac, 6);
  f[12] = ETHERTYPE_ARP >>> 8;
  f[13] = ETHERTYPE_ARP & 255;
  f.set([0, 1, 8, 0, 6, 4, 0, 2], 14);
  f.set(mac, 22);
  f.set(req.subarray(38, 42), 28); // sender IP: the address asked about
  f.set(req.subarray(22, 32), 32); // target: the requester's MAC and IP
  g.link.send(f);
}

/** An ICMP echo request to the gateway: the reply, same identifier, sequence and data. */
export function echoReply(g: Guest, gwMac: Uint8Array, f: Uint8Array, ip: Ipv4): void {
  const len = ip.l4len;
  const r = ipFrame(g.link, g.mac, gwMac, ip.dst, ip.src, PROTO_ICMP, len);
  r.set(f.subarray(ip.l4, ip.l4 + len), L4_OFF);
  r[L4_OFF] = 0; // echo reply
  r[L4_OFF + 2] = 0;
  r[L4_OFF + 3] = 0;
  put16(r, L4_OFF + 2, finish(onesSum(r, L4_OFF, len)));
  g.link.send(r);
}

/** A reset for a segment that belongs to no connection (RFC 793's rules for the reset's numbers). */
export function resetFor(g: Guest, gwMac: Uint8Array, f: Uint8Array, ip: Ipv4): void {
  const t = ip.l4;
  const flags = f[t + 13]!;
  if (flags & 4) return; // never answer a reset
  const doff = (f[t + 12]! >>> 4) * 4;
  const segLen = ip.l4len - doff + (flags & 2 ? 1 : 0) + (flags & 1 ? 1 : 0);
  const r = ipFrame(g.link, g.mac, gwMac, ip.dst, ip.src, PROTO_TCP, 20);
  put16(r, L4_OFF, get16(f, t + 2));
  put16(r, L4_OFF + 2, get16(f, t));
  if (flags & 16) {
    put32(r, L4_OFF + 4, get32(f, t + 8));
    put32(r, L4_OFF + 8, 0);
    r[L4_OFF + 13] = 4;
  } else {
    put32(r, L4_OFF + 4, 0);
    put32(r, L4_OFF + 8, (get32(f, t + 4) + segLen) >>> 0);
    r[L4_OFF + 13] = 4 | 16;
  }
  r[L4_OFF + 12] = 5 << 4;
  put16(r, L4_OFF + 14, 0);
  put32(r, L4_OFF + 16, 0);
  setL4Checksum(r, PROTO_TCP, ip.dst, ip.src, 20, 16);
  g.link.send(r);
}

export const UNREACH_PORT = 3;
export const UNREACH_ADMIN = 13;

/** ICMP destination unreachable for a packet the guest sent, quoting its header and 8 bytes. */
export function unreachable(g: Guest, gwMac: Uint8Array, gwIp: number, f: Uint8Array, ip: Ipv4, code: number): void {
  const quoted = Math.min(ip.l4 - IP_OFF + 8, ip.l4 - IP_OFF + ip.l4len);
  const len = 8 + quoted;
  const from = code === UNREACH_PORT ? ip.dst : gwIp;
  const r = ipFrame(g.link, g.mac, gwMac, from, ip.src, PROTO_ICMP, len);
  r[L4_OFF] = 3;
  r[L4_OFF + 1] = code;
  put32(r, L4_OFF + 2, 0);
  put16(r, L4_OFF + 6, 0);
  r.set(f.subarray(IP_OFF, IP_OFF + quoted), L4_OFF + 8);
  put16(r, L4_OFF + 2, finish(addSums(0, onesSum(r, L4_OFF, len))));
  g.link.send(r);
}
