import { Conflict } from "../../lib/index.ts";
import { formatSubnet, overlaps, parseSubnet, subnetSize, type Subnet } from "./ipv4.ts";

/** Docker's local default pools: 172.17–31.0.0/16, then 192.168.0.0/16 cut in /20s. */
export const dockerDefaultPools = [
  { base: "172.17.0.0/16", size: 16 },
  { base: "172.18.0.0/16", size: 16 },
  { base: "172.19.0.0/16", size: 16 },
  { base: "172.20.0.0/14", size: 16 },
  { base: "172.24.0.0/14", size: 16 },
  { base: "172.28.0.0/14", size: 16 },
  { base: "192.168.0.0/16", size: 20 },
];

/**
 * The first subnet of the pools (each `base` cut into /`size` pieces) that overlaps none of
 * `taken`. Conflict when every piece is in use, with the message Docker gives.
 */
export function pickSubnet(pools: { base: string; size: number }[], taken: Subnet[]): Subnet {
  for (const pool of pools) {
    const base = parseSubnet(pool.base);
    const size = Math.max(pool.size, base.prefix);
    const step = 2 ** (32 - size);
    const count = subnetSize(base) / step;
    for (let i = 0; i < count; i++) {
      const candidate: Subnet = { base: base.base + i * step, prefix: size };
      if (!taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  throw new Conflict(`could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network (pools: ${pools.map((p) => p.base).join(", ")}; in use: ${taken.map(formatSubnet).join(", ")})`);
}
