/**
 * TEST-ONLY: an in-memory FrameLink and a scripted guest that builds and parses the frames a
 * container would exchange with the network. Its checksum is the plain byte-wise RFC 1071 sum,
 * independent of src/net's fast one.
 */
import type { FrameLink } from "../../../src/net/index.ts";

export class MemLink implements FrameLink {
  readonly received: Uint8Array[] = [];
  private frameCbs: ((f: Uint8Array) => void)[] = [];
  private closeCbs: (() => void)[] = [];
  private waiters: (() => void)[] = [];
  closed = false;
  /** What the network sent to the guest. */
  send(frame: Uint8Array): void {
    this.received.push(Uint8Array.prototype.slice.call(frame));
    for (const w of this.waiters.splice(0)) w();
  }
  onFrame(cb: (f: Uint8Array) => void): void {
    this.frameCbs.push(cb);
  }
  onClose(cb: () => void): void {
    this.closeCbs.push(cb);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cb of this.closeCbs) cb();
  }
  /** The guest sends a frame to the network. */
  inject(frame: Uint8Array): void {
    for (const cb of this.frameCbs) cb(frame);
  }
  changed(): Promise<void> {
    return new Promise((r) => this.waiters.push(r));
  }
}

/**
 * A MemLink that also takes frames in parts with a partial checksum (FastFrameLink.sendParts),
 * completing it as a guest's kernel does for VIRTIO_NET_HDR_F_NEEDS_CSUM: the field holds the
 * pseudo-header sum; the ones' complement of the sum from csumStart on goes there.
 */
export class PartsLink extends MemLink {
  partsFrames = 0;
  sendParts(head: Uint8Array, parts: readonly Uint8Array[], csumStart: number, csumOffset: number): void {
    let len = head.length;
    for (const p of parts) len += p.length;
    const f = new Uint8Array(len);
    f.set(head, 0);
    let at = head.length;
    for (const p of parts) {
      f.set(p, at);
      at += p.length;
    }
    const c = ~sum16(f.subarray(csumStart)) & 0xffff;
    f[csumStart + csumOffset] = c >>> 8;
    f[csumStart + csumOffset + 1] = c & 255;
    this.partsFrames++;
    this.send(f);
  }
}

export function sum16(b: Uint8Array, init = 0): number {
  let s = init;
  for (let i = 0; i + 1 < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length & 1) s += b[b.length - 1]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}
export const cksum = (b: Uint8Array, init = 0) => ~sum16(b, init) & 0xffff;

export const ip4 = (s: string) => s.split(".").map(Number);
export const ipNum = (s: string) => ip4(s).reduce((a, b) => a * 256 + b, 0);
export const ipStr = (b: Uint8Array, off: number) => `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
export const macBytes = (s: string) => s.split(":").map((h) => parseInt(h, 16));
const be16 = (v: number) => [v >>> 8, v & 255];
const be32 = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];

export interface Parsed {
  dstMac: string;
  srcMac: string;
  type: number;
  src?: string;
  dst?: string;
  proto?: number;
  l4?: Uint8Array;
  frame: Uint8Array;
}

export function parse(f: Uint8Array): Parsed {
  const mac = (o: number) => [...f.subarray(o, o + 6)].map((b) => b.toString(16).padStart(2, "0")).join(":");
  const p: Parsed = { dstMac: mac(0), srcMac: mac(6), type: (f[12]! << 8) | f[13]!, frame: f };
  if (p.type === 0x0800) {
    const ihl = (f[14]! & 15) * 4;
    const total = (f[16]! << 8) | f[17]!;
    if (sum16(f.subarray(14, 14 + ihl)) !== 0xffff) throw new Error("bad IP header checksum from the network");
    p.src = ipStr(f, 26);
    p.dst = ipStr(f, 30);
    p.proto = f[23];
    p.l4 = f.subarray(14 + ihl, 14 + total);
    if (p.proto === 6 || p.proto === 17) {
      const pseudo = [...f.subarray(26, 34), 0, p.proto!, ...be16(p.l4.length)];
      if (sum16(p.l4, sum16(new Uint8Array(pseudo))) !== 0xffff) throw new Error("bad L4 checksum from the network");
    }
  }
  return p;
}

export interface TcpSeg {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  options: number[];
  data: Uint8Array;
}
export function parseTcp(l4: Uint8Array): TcpSeg {
  const doff = (l4[12]! >>> 4) * 4;
  const g16 = (o: number) => (l4[o]! << 8) | l4[o + 1]!;
  const g32 = (o: number) => ((g16(o) << 16) | g16(o + 2)) >>> 0;
  return {
    sport: g16(0),
    dport: g16(2),
    seq: g32(4),
    ack: g32(8),
    flags: l4[13]!,
    window: g16(14),
    options: [...l4.subarray(20, doff)],
    data: l4.subarray(doff),
  };
}

export const F = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 };

/** A scripted guest with an address, MAC and the gateway it talks through. */
export class TestGuest {
  constructor(
    readonly ip: string,
    readonly mac: string,
    public gwMac: string = "ff:ff:ff:ff:ff:ff",
    readonly link: MemLink = new MemLink(),
  ) {}

  eth(dstMac: string, type: number, payload: number[] | Uint8Array): Uint8Array {
    return new Uint8Array([...macBytes(dstMac), ...macBytes(this.mac), ...be16(type), ...payload]);
  }

  arpRequest(target: string, from = this.ip): Uint8Array {
    return this.eth("ff:ff:ff:ff:ff:ff", 0x0806, [0, 1, 8, 0, 6, 4, 0, 1, ...macBytes(this.mac), ...ip4(from), 0, 0, 0, 0, 0, 0, ...ip4(target)]);
  }

  ipPacket(dst: string, proto: number, l4: number[] | Uint8Array, opts: { src?: string; dstMac?: string; badIpSum?: boolean } = {}): Uint8Array {
    const hdr = [0x45, 0, ...be16(20 + l4.length), 0, 1, 0x40, 0, 64, proto, 0, 0, ...ip4(opts.src ?? this.ip), ...ip4(dst)];
    const c = cksum(new Uint8Array(hdr)) ^ (opts.badIpSum ? 0x5a5a : 0);
    hdr[10] = c >>> 8;
    hdr[11] = c & 255;
    const head = this.eth(opts.dstMac ?? this.gwMac, 0x0800, hdr);
    const f = new Uint8Array(head.length + l4.length);
    f.set(head, 0);
    f.set(l4, head.length);
    return f;
  }

  l4Sum(dst: string, proto: number, l4: Uint8Array, src = this.ip): number {
    const pseudo = new Uint8Array([...ip4(src), ...ip4(dst), 0, proto, ...be16(l4.length)]);
    return cksum(l4, sum16(pseudo));
  }

  icmpEcho(dst: string, id: number, seq: number, data: number[], opts: { badSum?: boolean } = {}): Uint8Array {
    const l4 = [8, 0, 0, 0, ...be16(id), ...be16(seq), ...data];
    const c = cksum(new Uint8Array(l4)) ^ (opts.badSum ? 1 : 0);
    l4[2] = c >>> 8;
    l4[3] = c & 255;
    return this.ipPacket(dst, 1, l4);
  }

  udp(dst: string, sport: number, dport: number, data: Uint8Array | number[], opts: { badSum?: boolean; src?: string } = {}): Uint8Array {
    const l4 = new Uint8Array(8 + data.length);
    l4.set([...be16(sport), ...be16(dport), ...be16(8 + data.length)], 0);
    l4.set(data, 8);
    const c = this.l4Sum(dst, 17, l4, opts.src) ^ (opts.badSum ? 1 : 0);
    l4[6] = c >>> 8;
    l4[7] = c & 255;
    return this.ipPacket(dst, 17, l4, { src: opts.src });
  }

  tcp(dst: string, s: Partial<TcpSeg> & { sport: number; dport: number }, opts: { badSum?: boolean } = {}): Uint8Array {
    const options = s.options ?? [];
    const data = s.data ?? new Uint8Array();
    const hdr = [...be16(s.sport), ...be16(s.dport), ...be32(s.seq ?? 0), ...be32(s.ack ?? 0), ((20 + options.length) / 4) << 4, s.flags ?? 0, ...be16(s.window ?? 65535), 0, 0, 0, 0, ...options];
    const l4 = new Uint8Array(hdr.length + data.length);
    l4.set(hdr, 0);
    l4.set(data, hdr.length);
    const c = this.l4Sum(dst, 6, l4) ^ (opts.badSum ? 1 : 0);
    l4[16] = c >>> 8;
    l4[17] = c & 255;
    return this.ipPacket(dst, 6, l4);
  }

  send(f: Uint8Array): void {
    this.link.inject(f);
  }

  /** Waits for a frame matching `pred` among those not yet taken; removes and returns it. */
  async next(pred: (p: Parsed) => boolean, ms = 3000): Promise<Parsed> {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.link.received.findIndex((f) => pred(parse(f)));
      if (i >= 0) return parse(this.link.received.splice(i, 1)[0]!);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame arrived; have ${this.link.received.map((f) => JSON.stringify({ ...parse(f), frame: undefined, l4: [...(parse(f).l4 ?? [])].slice(0, 24) })).join(" ")}`);
      await Promise.race([this.link.changed(), Bun.sleep(Math.min(left, 50))]);
    }
  }

  /** Lets pending timers and microtasks run, then says whether any frame matched. */
  async none(pred: (p: Parsed) => boolean, ms = 200): Promise<boolean> {
    await Bun.sleep(ms);
    return !this.link.received.some((f) => pred(parse(f)));
  }
}
