import { InvalidArgument } from "../../lib/index.ts";

/** RLIMIT_* numbers on Linux, by Docker's --ulimit names. */
export const rlimitNumbers: Record<string, number> = {
  cpu: 0, fsize: 1, data: 2, stack: 3, core: 4, rss: 5, nproc: 6, nofile: 7, memlock: 8, as: 9,
  locks: 10, sigpending: 11, msgqueue: 12, nice: 13, rtprio: 14, rttime: 15,
};

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

/** Parse `--ulimit name=soft[:hard]` (-1 = unlimited), as Docker's CLI does. */
export function parseUlimit(text: string): Ulimit {
  const m = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(text.trim());
  if (!m) throw new InvalidArgument(`invalid ulimit argument: ${text}`);
  const [, name, softText, hardText] = m;
  if (!(name! in rlimitNumbers)) throw new InvalidArgument(`invalid ulimit type: ${name}`);
  const soft = Number(softText);
  const hard = hardText === undefined ? soft : Number(hardText);
  if (soft !== -1 && hard !== -1 && soft > hard) throw new InvalidArgument(`ulimit soft limit must be less than or equal to hard limit: ${soft} > ${hard}`);
  return { name: name!, soft, hard };
}

const infinity = (1n << 64n) - 1n;

/** The kernel form of a ulimit: resource number and 64-bit limits (RLIM_INFINITY for -1). */
export function rlimitOf(u: Ulimit): { resource: number; soft: bigint; hard: bigint } {
  const resource = rlimitNumbers[u.name];
  if (resource === undefined) throw new InvalidArgument(`invalid ulimit type: ${u.name}`);
  return { resource, soft: u.soft < 0 ? infinity : BigInt(u.soft), hard: u.hard < 0 ? infinity : BigInt(u.hard) };
}
