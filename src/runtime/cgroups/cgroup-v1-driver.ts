import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { totalmem } from "node:os";
import { InvalidArgument, log } from "../../lib/index.ts";
import type { CgroupV1Facts, LimitController } from "./cgroup-facts.ts";
import { cgroupFs, cpuQuota, type CgroupDriver, type CgroupStats, type ResourceLimits } from "./cgroup-driver.ts";

/** The v1 hierarchies a container joins, when delegated: limits, accounting and the freezer. */
const USED = ["memory", "pids", "cpu", "cpuacct", "blkio", "cpuset", "freezer"];
const UNLIMITED = "-1";

/**
 * A new v1 cpuset is empty, and nothing can join it until cpus and mems are set: fill it (and
 * any empty ancestor, e.g. a delegated subtree made with a plain mkdir) from the nearest parent
 * that has them.
 */
function fillCpuset(dir: string, depth = 0): void {
  for (const f of ["cpuset.cpus", "cpuset.mems"]) {
    if (cgroupFs.read(join(dir, f))?.trim()) continue;
    const parent = dirname(dir);
    if (depth > 16 || parent === dir || !existsSync(join(parent, f))) continue;
    fillCpuset(parent, depth + 1);
    cgroupFs.write(join(dir, f), cgroupFs.read(join(parent, f))?.trim() ?? "", f);
  }
}

/**
 * cgroup v1: one directory per container in every delegated hierarchy it uses
 * (`<mount><delegated path>/<id>`), as pam_cgfs-style per-user subtrees allow.
 */
export class CgroupV1Driver implements CgroupDriver {
  readonly version = 1 as const;
  readonly controllers: LimitController[];
  /** Controller → the delegated directory containers go in (co-mounted ones share it). */
  private readonly parents = new Map<string, string>();

  constructor(facts: CgroupV1Facts, controllers: LimitController[], fsRoot = "") {
    this.controllers = controllers;
    for (const [name, h] of Object.entries(facts.controllers)) {
      for (const c of name.split(",")) {
        if (USED.includes(c) && h.delegatedPath !== undefined) this.parents.set(c, `${fsRoot}${h.mountPoint}${h.delegatedPath === "/" ? "" : h.delegatedPath}`);
      }
    }
  }

  private dir(controller: string, id: string): string | undefined {
    const parent = this.parents.get(controller);
    return parent === undefined ? undefined : join(parent, id);
  }

  /** One directory per hierarchy (co-mounted controllers share a directory). */
  private dirs(id: string): string[] {
    return [...new Set([...this.parents.keys()].map((c) => this.dir(c, id)!))];
  }

  create(id: string, limits: ResourceLimits): string[] {
    const dirs = this.dirs(id);
    for (const d of dirs) cgroupFs.mkdir(d);
    const cpuset = this.dir("cpuset", id);
    if (cpuset) {
      try {
        fillCpuset(cpuset);
      } catch (err) {
        // The delegated cpuset subtree was made without CPUs (a plain mkdir by root): containers
        // still run, outside a cpuset of their own; --cpuset-cpus cannot be honoured.
        void cgroupFs.rmdirSoon(cpuset);
        this.parents.delete("cpuset");
        const index = this.controllers.indexOf("cpuset");
        if (index >= 0) this.controllers.splice(index, 1);
        log.warn("cpuset left out: the delegated cpuset cgroup has no CPUs and cannot be given any", { error: (err as Error).message });
        if (limits.cpusetCpus || limits.cpusetMems) throw new InvalidArgument(`--cpuset-cpus cannot be enforced: ${(err as Error).message}; as root, copy cpuset.cpus and cpuset.mems from the hierarchy's root into the delegated subtree`);
        return this.create(id, limits);
      }
    }
    this.update(id, limits);
    return dirs.map((d) => join(d, "cgroup.procs"));
  }

  procsFiles(id: string): string[] {
    return this.dirs(id).filter((d) => existsSync(d)).map((d) => join(d, "cgroup.procs"));
  }

  update(id: string, l: ResourceLimits): void {
    const mem = this.dir("memory", id);
    if (mem) {
      if (l.memory !== undefined) {
        const limit = l.memory > 0 ? String(l.memory) : UNLIMITED;
        // memsw must stay ≥ the limit: lift it first, then set both.
        const memsw = join(mem, "memory.memsw.limit_in_bytes");
        const hasSwapAccounting = existsSync(memsw);
        if (hasSwapAccounting) cgroupFs.write(memsw, UNLIMITED, "memory+swap limit");
        cgroupFs.write(join(mem, "memory.limit_in_bytes"), limit, "memory limit");
        if (hasSwapAccounting && l.memory > 0) {
          const swap = l.memorySwap === undefined || l.memorySwap === 0 ? 2 * l.memory : l.memorySwap;
          cgroupFs.write(memsw, swap < 0 ? UNLIMITED : String(swap), "memory+swap limit");
        }
      }
      if (l.memoryReservation !== undefined) cgroupFs.write(join(mem, "memory.soft_limit_in_bytes"), l.memoryReservation > 0 ? String(l.memoryReservation) : UNLIMITED, "memory reservation");
    }
    const cpu = this.dir("cpu", id);
    if (cpu) {
      const q = cpuQuota(l);
      if (q) {
        cgroupFs.write(join(cpu, "cpu.cfs_period_us"), String(q.period), "CPU period");
        cgroupFs.write(join(cpu, "cpu.cfs_quota_us"), String(q.quota), "CPU quota");
      }
      if (l.cpuShares) cgroupFs.write(join(cpu, "cpu.shares"), String(l.cpuShares), "CPU shares");
    }
    const cpuset = this.dir("cpuset", id);
    if (cpuset && l.cpusetCpus) cgroupFs.write(join(cpuset, "cpuset.cpus"), l.cpusetCpus, "cpuset cpus");
    if (cpuset && l.cpusetMems) cgroupFs.write(join(cpuset, "cpuset.mems"), l.cpusetMems, "cpuset mems");
    const pids = this.dir("pids", id);
    if (pids && l.pidsLimit !== undefined) cgroupFs.write(join(pids, "pids.max"), l.pidsLimit > 0 ? String(l.pidsLimit) : "max", "pids limit");
    const blkio = this.dir("blkio", id);
    if (blkio && l.blkioWeight) {
      const file = existsSync(join(blkio, "blkio.weight")) ? "blkio.weight" : "blkio.bfq.weight";
      cgroupFs.write(join(blkio, file), String(l.blkioWeight), "blkio weight");
    }
  }

  stats(id: string): CgroupStats | undefined {
    const mem = this.dir("memory", id);
    const acct = this.dir("cpuacct", id) ?? this.dir("cpu", id);
    if (!this.dirs(id).some((d) => existsSync(d))) return undefined;
    const ticks = acct ? cgroupFs.keyed(join(acct, "cpuacct.stat")) : {};
    const tick = 1e9 / 100; // USER_HZ
    const limit = mem ? cgroupFs.number(join(mem, "memory.limit_in_bytes")) : 0;
    const pids = this.dir("pids", id);
    const blkio = this.dir("blkio", id);
    const devices = new Map<string, { major: number; minor: number; read: number; write: number }>();
    for (const line of (blkio ? cgroupFs.read(join(blkio, "blkio.throttle.io_service_bytes")) ?? "" : "").split("\n")) {
      const m = /^(\d+):(\d+) (Read|Write) (\d+)$/.exec(line.trim());
      if (!m) continue;
      const key = `${m[1]}:${m[2]}`;
      const d = devices.get(key) ?? { major: Number(m[1]), minor: Number(m[2]), read: 0, write: 0 };
      if (m[3] === "Read") d.read += Number(m[4]);
      else d.write += Number(m[4]);
      devices.set(key, d);
    }
    return {
      cpuTotalNs: acct ? cgroupFs.number(join(acct, "cpuacct.usage")) : 0,
      cpuUserNs: (ticks.user ?? 0) * tick,
      cpuSystemNs: (ticks.system ?? 0) * tick,
      memoryUsage: mem ? cgroupFs.number(join(mem, "memory.usage_in_bytes")) : 0,
      memoryLimit: limit > 0 && limit < totalmem() ? limit : totalmem(),
      memoryStat: mem ? cgroupFs.keyed(join(mem, "memory.stat")) : {},
      pidsCurrent: pids ? cgroupFs.number(join(pids, "pids.current")) : 0,
      pidsLimit: pids ? cgroupFs.number(join(pids, "pids.max")) : 0,
      blkio: [...devices.values()],
    };
  }

  async freeze(id: string, frozen: boolean): Promise<void> {
    const dir = this.dir("freezer", id);
    if (!dir) throw new InvalidArgument("pause needs the freezer cgroup hierarchy, which is not delegated to this user");
    cgroupFs.write(join(dir, "freezer.state"), frozen ? "FROZEN" : "THAWED", "freezer state");
    for (let i = 0; i < 100; i++) {
      const state = cgroupFs.read(join(dir, "freezer.state"))?.trim();
      if (state === (frozen ? "FROZEN" : "THAWED")) return;
      await Bun.sleep(10);
    }
  }

  oomKilled(id: string): boolean {
    const mem = this.dir("memory", id);
    return !!mem && (cgroupFs.keyed(join(mem, "memory.oom_control")).oom_kill ?? 0) > 0;
  }

  remove(id: string): void {
    for (const d of this.dirs(id)) void cgroupFs.rmdirSoon(d);
  }
}
