import * as v from "valibot";
import type { ResourceLimits } from "../../engine/index.ts";

const int = v.nullish(v.pipe(v.number(), v.integer()));

/** Docker's resource fields (HostConfig, and the body of POST /containers/{id}/update). */
export const ResourceFields = {
  Memory: int,
  MemorySwap: int,
  MemoryReservation: int,
  NanoCpus: int,
  CpuShares: int,
  CpuQuota: int,
  CpuPeriod: int,
  CpusetCpus: v.nullish(v.string()),
  CpusetMems: v.nullish(v.string()),
  PidsLimit: int,
  BlkioWeight: int,
};

type Fields = { [K in keyof typeof ResourceFields]?: v.InferOutput<(typeof ResourceFields)[K]> };

/** The engine's limits from the wire fields; a field left out stays undefined (unchanged on update). */
export function resourcesFrom(f: Fields, opts: { zeroIsUnset?: boolean } = {}): ResourceLimits {
  const limits: ResourceLimits = {};
  const set = <K extends keyof ResourceLimits>(key: K, value: ResourceLimits[K] | null | undefined) => {
    if (value === undefined || value === null || value === "" || (opts.zeroIsUnset && value === 0)) return;
    limits[key] = value;
  };
  set("memory", f.Memory);
  set("memorySwap", f.MemorySwap);
  set("memoryReservation", f.MemoryReservation);
  set("nanoCpus", f.NanoCpus);
  set("cpuShares", f.CpuShares);
  set("cpuQuota", f.CpuQuota);
  set("cpuPeriod", f.CpuPeriod);
  set("cpusetCpus", f.CpusetCpus);
  set("cpusetMems", f.CpusetMems);
  set("pidsLimit", f.PidsLimit);
  set("blkioWeight", f.BlkioWeight);
  return limits;
}

/** The same limits back in Docker's shape (inspect's HostConfig); unset ones as Docker shows them. */
export function resourcesWire(l: ResourceLimits | undefined) {
  return {
    Memory: l?.memory ?? 0,
    MemorySwap: l?.memorySwap ?? 0,
    MemoryReservation: l?.memoryReservation ?? 0,
    NanoCpus: l?.nanoCpus ?? 0,
    CpuShares: l?.cpuShares ?? 0,
    CpuQuota: l?.cpuQuota ?? 0,
    CpuPeriod: l?.cpuPeriod ?? 0,
    CpusetCpus: l?.cpusetCpus ?? "",
    CpusetMems: l?.cpusetMems ?? "",
    PidsLimit: l?.pidsLimit ?? null,
    BlkioWeight: l?.blkioWeight ?? 0,
    // Not settable here (cgroup v2 has no swappiness); shown unset, as Docker shows it then.
    MemorySwappiness: null,
  };
}
