import type { ArgsDef } from "citty";
import { UsageError } from "./scan-flags.ts";

/** The resource flags `run`, `create` and `update` share, with Docker's names. */
export const resourceFlags = {
  memory: { type: "string", alias: "m", description: "Memory limit", valueHint: "bytes" },
  "memory-swap": { type: "string", description: "Swap limit equal to memory plus swap: '-1' to enable unlimited swap", valueHint: "bytes" },
  "memory-reservation": { type: "string", description: "Memory soft limit", valueHint: "bytes" },
  cpus: { type: "string", description: "Number of CPUs", valueHint: "decimal" },
  "cpu-shares": { type: "string", alias: "c", description: "CPU shares (relative weight)", valueHint: "int" },
  "cpu-quota": { type: "string", description: "Limit CPU CFS (Completely Fair Scheduler) quota", valueHint: "int" },
  "cpu-period": { type: "string", description: "Limit CPU CFS (Completely Fair Scheduler) period", valueHint: "int" },
  "cpuset-cpus": { type: "string", description: "CPUs in which to allow execution (0-3, 0,1)", valueHint: "string" },
  "cpuset-mems": { type: "string", description: "MEMs in which to allow execution (0-3, 0,1)", valueHint: "string" },
  "pids-limit": { type: "string", description: "Tune container pids limit (set -1 for unlimited)", valueHint: "int" },
  "blkio-weight": { type: "string", description: "Block IO (relative weight), between 10 and 1000, or 0 to disable", valueHint: "uint16" },
} satisfies ArgsDef;

/** Docker's RAMInBytes: "64m" = 64 MiB; b, k, m, g, t, p (binary units); "-1" = unlimited. */
export function ramInBytes(flag: string, text: string): number {
  if (text === "-1") return -1;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp])?i?b?$/i.exec(text.trim());
  if (!m) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: invalid size: '${text}'`);
  const power = "bkmgtp".indexOf((m[2] ?? "b").toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** power);
}

function integer(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: strconv.ParseInt: parsing "${text}": invalid syntax`);
  return Number(text);
}

/** The HostConfig (or update body) fields for the resource flags that were given. */
export function resourceBody(args: Record<string, unknown>): Record<string, unknown> {
  const get = (name: keyof typeof resourceFlags) => args[name] as string | undefined;
  const out: Record<string, unknown> = {};
  const put = (key: string, flag: keyof typeof resourceFlags, parse: (flag: string, text: string) => number | string) => {
    const text = get(flag);
    if (text !== undefined) out[key] = parse(flag, text);
  };
  put("Memory", "memory", ramInBytes);
  put("MemorySwap", "memory-swap", ramInBytes);
  put("MemoryReservation", "memory-reservation", ramInBytes);
  put("NanoCpus", "cpus", (flag, text) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`invalid argument "${text}" for "--${flag}" flag: failed to parse ${text} as a rational number`);
    return Math.round(n * 1e9);
  });
  put("CpuShares", "cpu-shares", integer);
  put("CpuQuota", "cpu-quota", integer);
  put("CpuPeriod", "cpu-period", integer);
  put("CpusetCpus", "cpuset-cpus", (_f, t) => t);
  put("CpusetMems", "cpuset-mems", (_f, t) => t);
  put("PidsLimit", "pids-limit", integer);
  put("BlkioWeight", "blkio-weight", integer);
  return out;
}
