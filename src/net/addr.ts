import { InvalidArgument } from "../lib/index.ts";

/** Dotted IPv4 to a 32-bit unsigned number; NaN when not an IPv4 address. */
export function ipToNumber(ip: string): number {
  const parts = ip.split(".");
  if (parts.length !== 4) return NaN;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return NaN;
    const v = Number(p);
    if (v > 255) return NaN;
    n = n * 256 + v;
  }
  return n;
}

export function numberToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function parseIp(ip: string, what: string): number {
  const n = ipToNumber(ip);
  if (Number.isNaN(n)) throw new InvalidArgument(`invalid ${what} address: ${ip}`);
  return n;
}

export interface Cidr {
  network: number;
  prefix: number;
  mask: number;
}

export function parseCidr(cidr: string): Cidr {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  const prefix = m ? Number(m[2]) : NaN;
  const addr = m ? ipToNumber(m[1]!) : NaN;
  if (!m || Number.isNaN(addr) || prefix > 32) throw new InvalidArgument(`invalid CIDR address: ${cidr}`);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { network: (addr & mask) >>> 0, prefix, mask };
}

export function inCidr(c: Cidr, ip: number): boolean {
  return ((ip & c.mask) >>> 0) === c.network;
}

/** "aa:bb:cc:dd:ee:ff" to 6 bytes. */
export function parseMac(mac: string): Uint8Array {
  const parts = mac.split(":");
  const out = new Uint8Array(6);
  if (parts.length !== 6) throw new InvalidArgument(`invalid MAC address: ${mac}`);
  parts.forEach((p, i) => {
    if (!/^[0-9a-fA-F]{2}$/.test(p)) throw new InvalidArgument(`invalid MAC address: ${mac}`);
    out[i] = parseInt(p, 16);
  });
  return out;
}

/** A MAC address read at `off`, as a number (48 bits fit a double exactly). */
export function macKey(b: Uint8Array, off: number): number {
  return (b[off]! * 2 ** 40) + (b[off + 1]! * 2 ** 32) + ((b[off + 2]! << 24) >>> 0) + (b[off + 3]! << 16) + (b[off + 4]! << 8) + b[off + 5]!;
}

/** IPv4 address of a host-side socket peer, or undefined when it is not IPv4 (plain or mapped). */
export function hostIpv4(addr: string): number | undefined {
  const plain = addr.startsWith("::ffff:") ? addr.slice(7) : addr;
  const n = ipToNumber(plain);
  return Number.isNaN(n) ? undefined : n;
}
