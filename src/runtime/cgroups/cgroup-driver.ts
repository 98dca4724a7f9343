import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { InvalidArgument, SystemError } from "../../lib/index.ts";
import type { LimitController } from "./cgroup-facts.ts";

/** Docker's resource settings, as the engine passes them (bytes, nanocpus, …; undefined = not set). */
export interface ResourceLimits {
  /** Bytes. */
  memory?: number;
  /** Memory + swap, bytes; -1 = unlimited swap. */
  memorySwap?: number;
  memoryReservation?: number;
  /** CPUs × 10⁹ (--cpus). */
  nanoCpus?: number;
  cpuQuota?: number;
  cpuPeriod?: number;
  /** Relative weight, 2–262144 (Docker's default 1024). */
  cpuShares?: number;
  cpusetCpus?: string;
  cpusetMems?: string;
  /** 0 or -1 = unlimited. */
  pidsLimit?: number;
  /** 10–1000. */
  blkioWeight?: number;
}

/** What `docker stats` shows, read from the container's cgroup. */
export interface CgroupStats {
  /** Nanoseconds of CPU used in all. */
  cpuTotalNs: number;
  cpuUserNs: number;
  cpuSystemNs: number;
  memoryUsage: number;
  /** Bytes; the host's memory when unlimited. */
  memoryLimit: number;
  /** memory.stat as key → value. */
  memoryStat: Record<string, number>;
  pidsCurrent: number;
  pidsLimit: number;
  /** Bytes read and written by device ("8:0"). */
  blkio: { major: number; minor: number; read: number; write: number }[];
}

/** One cgroup version's way of holding a container. */
export interface CgroupDriver {
  readonly version: 1 | 2;
  /** The limit controllers containers may use. */
  readonly controllers: LimitController[];
  /** Make the container's cgroup(s) with its limits; returns the cgroup.procs files to join. */
  create(id: string, limits: ResourceLimits): string[];
  /** The cgroup.procs files of an existing container cgroup (exec joins them). */
  procsFiles(id: string): string[];
  update(id: string, limits: ResourceLimits): void;
  stats(id: string): CgroupStats | undefined;
  freeze(id: string, frozen: boolean): Promise<void>;
  /** Whether the kernel's OOM killer killed a process of this cgroup. */
  oomKilled(id: string): boolean;
  remove(id: string): void;
}

/** Which limit controller each setting needs. */
export function controllersFor(limits: ResourceLimits, version: 1 | 2): { setting: string; controller: LimitController }[] {
  const io: LimitController = version === 2 ? "io" : "blkio";
  const out: { setting: string; controller: LimitController }[] = [];
  const need = (set: unknown, setting: string, controller: LimitController) => {
    if (set !== undefined && set !== 0) out.push({ setting, controller });
  };
  need(limits.memory, "--memory", "memory");
  need(limits.memorySwap, "--memory-swap", "memory");
  need(limits.memoryReservation, "--memory-reservation", "memory");
  need(limits.nanoCpus, "--cpus", "cpu");
  need(limits.cpuQuota, "--cpu-quota", "cpu");
  need(limits.cpuShares, "--cpu-shares", "cpu");
  need(limits.cpusetCpus || undefined, "--cpuset-cpus", "cpuset");
  need(limits.cpusetMems || undefined, "--cpuset-mems", "cpuset");
  need(limits.pidsLimit !== undefined && limits.pidsLimit > 0 ? limits.pidsLimit : undefined, "--pids-limit", "pids");
  need(limits.blkioWeight, "--blkio-weight", io);
  return out;
}

/** Checks Docker's ranges; throws InvalidArgument with Docker's wording. */
export function validateLimits(limits: ResourceLimits): void {
  if (limits.memory !== undefined && limits.memory !== 0 && limits.memory < 6 * 1024 * 1024) throw new InvalidArgument("Minimum memory limit allowed is 6MB");
  if (limits.memorySwap !== undefined && limits.memorySwap > 0 && limits.memory && limits.memorySwap < limits.memory) {
    throw new InvalidArgument("Minimum memoryswap limit should be larger than memory limit, see usage");
  }
  if (limits.memorySwap !== undefined && limits.memorySwap > 0 && !limits.memory) throw new InvalidArgument("You should always set the Memory limit when using Memoryswap limit, see usage");
  if (limits.nanoCpus && (limits.cpuQuota || limits.cpuPeriod)) throw new InvalidArgument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
  if (limits.cpuShares !== undefined && limits.cpuShares !== 0 && (limits.cpuShares < 2 || limits.cpuShares > 262144)) throw new InvalidArgument(`invalid CPU shares ${limits.cpuShares}: the range is 2 to 262144`);
  if (limits.blkioWeight !== undefined && limits.blkioWeight !== 0 && (limits.blkioWeight < 10 || limits.blkioWeight > 1000)) throw new InvalidArgument("Range of blkio weight is from 10 to 1000");
  if (limits.cpusetCpus && !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(limits.cpusetCpus)) throw new InvalidArgument(`Invalid value ${limits.cpusetCpus} for cpuset cpus`);
}

/** --cpus or --cpu-quota/--cpu-period as (quota, period) microseconds; quota -1 = none. */
export function cpuQuota(limits: ResourceLimits): { quota: number; period: number } | undefined {
  if (limits.nanoCpus) return { quota: Math.max(1000, Math.round((limits.nanoCpus * 100_000) / 1e9)), period: 100_000 };
  if (limits.cpuQuota || limits.cpuPeriod) return { quota: limits.cpuQuota && limits.cpuQuota > 0 ? limits.cpuQuota : -1, period: limits.cpuPeriod || 100_000 };
  return undefined;
}

/** Small file helpers the drivers share (every path is a cgroupfs file). */
export const cgroupFs = {
  read(path: string): string | undefined {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
  write(path: string, value: string, what: string): void {
    try {
      writeFileSync(path, value);
    } catch (err) {
      throw new SystemError(`cgroup: cannot set ${what} (${path} ← ${JSON.stringify(value)}): ${(err as Error).message}`, { cause: err });
    }
  },
  number(path: string): number {
    const text = cgroupFs.read(path)?.trim();
    if (text === undefined || text === "" || text === "max") return 0;
    const n = Number(text);
    return Number.isFinite(n) ? n : 0;
  },
  keyed(path: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const line of (cgroupFs.read(path) ?? "").split("\n")) {
      const [k, v] = line.trim().split(/\s+/);
      if (k && v !== undefined && Number.isFinite(Number(v))) out[k] = Number(v);
    }
    return out;
  },
  mkdir(path: string): void {
    if (!existsSync(path)) mkdirSync(path, { recursive: true });
  },
  /** rmdir, retried briefly while the kernel still counts the exited processes. */
  async rmdirSoon(path: string): Promise<void> {
    for (let i = 0; i < 50 && existsSync(path); i++) {
      try {
        rmdirSync(path);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EBUSY") return;
        await Bun.sleep(20);
      }
    }
  },
};
