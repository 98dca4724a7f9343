import { get16, put16 } from "./packet.ts";

/** The TCP options of a SYN that matter here: MSS (RFC 879's 536 when absent) and window scale. */
export function readSynOptions(f: Uint8Array, tcp: number, doff: number): { mss: number; wscale: number | undefined } {
  let i = tcp + 20;
  const end = tcp + doff;
  let mss = 536;
  let wscale: number | undefined;
  while (i < end) {
    const kind = f[i]!;
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = f[i + 1] ?? 0;
    if (len < 2 || i + len > end) break; // malformed: stop reading, keep what was read
    if (kind === 2 && len === 4) mss = get16(f, i + 2);
    if (kind === 3 && len === 3) wscale = Math.min(f[i + 2]!, 14);
    i += len;
  }
  return { mss, wscale };
}

/** Writes MSS (and, when `wscale` is given, NOP + window scale) at `o`; returns the length (4 or 8). */
export function writeSynOptions(f: Uint8Array, o: number, mss: number, wscale: number | undefined): number {
  f[o] = 2;
  f[o + 1] = 4;
  put16(f, o + 2, Math.min(mss, 0xffff));
  if (wscale === undefined) return 4;
  f[o + 4] = 1;
  f[o + 5] = 3;
  f[o + 6] = 3;
  f[o + 7] = wscale;
  return 8;
}
