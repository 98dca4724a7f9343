import { InvalidArgument } from "../../lib/index.ts";

/** An IPv4 subnet: its network address as a number and its prefix length. */
export interface Subnet {
  base: number;
  prefix: number;
}

/** "172.18.0.5" → its 32-bit value; undefined when it is not a dotted quad. */
export function tryParseIp(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

export function parseIp(text: string, what = "IP address"): number {
  const ip = tryParseIp(text);
  if (ip === undefined) throw new InvalidArgument(`invalid ${what}: ${JSON.stringify(text)}`);
  return ip;
}

export function formatIp(ip: number): string {
  return [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join(".");
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** "10.1.0.0/16" → a subnet; host bits are cleared, as Docker does when it stores a subnet. */
export function parseSubnet(text: string): Subnet {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  const ip = m ? tryParseIp(m[1]!) : undefined;
  const prefix = m ? Number(m[2]) : NaN;
  if (ip === undefined || !(prefix >= 0 && prefix <= 32)) throw new InvalidArgument(`invalid CIDR address: ${text}`);
  return { base: (ip & maskOf(prefix)) >>> 0, prefix };
}

export function formatSubnet(s: Subnet): string {
  return `${formatIp(s.base)}/${s.prefix}`;
}

export function subnetSize(s: Subnet): number {
  return 2 ** (32 - s.prefix);
}

export function inSubnet(s: Subnet, ip: number): boolean {
  return ((ip & maskOf(s.prefix)) >>> 0) === s.base;
}

export function overlaps(a: Subnet, b: Subnet): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return ((a.base & maskOf(prefix)) >>> 0) === ((b.base & maskOf(prefix)) >>> 0);
}

/** Docker's MAC for an address: 02:42 then the four bytes of the IPv4 address. */
export function macOf(ip: number): string {
  return ["02", "42", ...[ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].map((b) => b.toString(16).padStart(2, "0"))].join(":");
}

/**
 * The first address of `subnet` that is not in `used`, skipping the network and broadcast
 * addresses; undefined when the subnet is full.
 */
export function nextFreeAddress(subnet: Subnet, used: Set<number>, range?: Subnet): number | undefined {
  const size = subnetSize(subnet);
  const first = size > 2 ? 1 : 0;
  const last = size > 2 ? size - 2 : size - 1;
  for (let i = first; i <= last; i++) {
    const ip = subnet.base + i;
    if (range && !inSubnet(range, ip)) continue;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}
