import { existsSync } from "node:fs";
import { join } from "node:path";
import { totalmem } from "node:os";
import { SystemError } from "../../lib/index.ts";
import type { CgroupV2Facts, LimitController } from "./cgroup-facts.ts";
import { cgroupFs, cpuQuota, type CgroupDriver, type CgroupStats, type ResourceLimits } from "./cgroup-driver.ts";

/** Docker's conversions from v1 units to v2's. */
const cpuWeight = (shares: number) => Math.round(1 + ((shares - 2) * 9999) / 262142);
const ioWeight = (blkio: number) => Math.round(1 + ((blkio - 10) * 9999) / 990);

/**
 * cgroup v2: containers under `<delegation root>/bunker/<id>`. The controllers the delegation
 * offers are enabled in the subtree_control of the root and of `bunker` (cgroups that hold no
 * processes themselves, as v2 requires of a parent with controllers enabled).
 */
export class CgroupV2Driver implements CgroupDriver {
  readonly version = 2 as const;
  readonly controllers: LimitController[];
  private readonly root: string;
  private readonly parent: string;
  private prepared = false;

  constructor(private readonly facts: CgroupV2Facts, controllers: LimitController[], fsRoot = "") {
    this.controllers = controllers;
    this.root = `${fsRoot}${facts.mountPoint}${facts.delegationRoot === "/" ? "" : facts.delegationRoot}`;
    this.parent = join(this.root, "bunker");
  }

  private dir(id: string): string {
    return join(this.parent, id);
  }

  /** Enable what the delegation offers for the containers' cgroups, once. */
  private prepare(): void {
    if (this.prepared) return;
    cgroupFs.mkdir(this.parent);
    const wanted = ["cpuset", "cpu", "io", "memory", "pids"].filter((c) => this.facts.controllers.includes(c));
    for (const dir of [this.root, this.parent]) {
      const enabled = (cgroupFs.read(join(dir, "cgroup.subtree_control")) ?? "").split(/\s+/);
      for (const c of wanted) {
        if (enabled.includes(c)) continue;
        try {
          cgroupFs.write(join(dir, "cgroup.subtree_control"), `+${c}`, `the ${c} controller for children`);
        } catch (err) {
          const busy = /EBUSY|busy/i.test((err as Error).message);
          throw new SystemError(
            busy
              ? `cgroup: cannot enable ${c} below ${dir}: it holds processes itself (cgroup v2 allows controllers only for cgroups without processes); run the daemon in a cgroup of its own below the delegated one`
              : (err as Error).message,
          );
        }
      }
    }
    this.prepared = true;
  }

  create(id: string, limits: ResourceLimits): string[] {
    this.prepare();
    cgroupFs.mkdir(this.dir(id));
    this.update(id, limits);
    return [join(this.dir(id), "cgroup.procs")];
  }

  procsFiles(id: string): string[] {
    return existsSync(this.dir(id)) ? [join(this.dir(id), "cgroup.procs")] : [];
  }

  update(id: string, l: ResourceLimits): void {
    const d = this.dir(id);
    const has = (c: LimitController) => this.controllers.includes(c);
    if (has("memory")) {
      if (l.memory !== undefined) {
        cgroupFs.write(join(d, "memory.max"), l.memory > 0 ? String(l.memory) : "max", "memory limit");
        if (existsSync(join(d, "memory.swap.max")) && l.memory > 0) {
          const swap = l.memorySwap === undefined || l.memorySwap === 0 ? l.memory : l.memorySwap < 0 ? -1 : l.memorySwap - l.memory;
          cgroupFs.write(join(d, "memory.swap.max"), swap < 0 ? "max" : String(swap), "swap limit");
        }
      }
      if (l.memoryReservation !== undefined) cgroupFs.write(join(d, "memory.low"), String(Math.max(0, l.memoryReservation)), "memory reservation");
    }
    if (has("cpu")) {
      const q = cpuQuota(l);
      if (q) cgroupFs.write(join(d, "cpu.max"), `${q.quota < 0 ? "max" : q.quota} ${q.period}`, "CPU quota");
      if (l.cpuShares) cgroupFs.write(join(d, "cpu.weight"), String(cpuWeight(l.cpuShares)), "CPU weight");
    }
    if (has("cpuset") && l.cpusetCpus) cgroupFs.write(join(d, "cpuset.cpus"), l.cpusetCpus, "cpuset cpus");
    if (has("cpuset") && l.cpusetMems) cgroupFs.write(join(d, "cpuset.mems"), l.cpusetMems, "cpuset mems");
    if (has("pids") && l.pidsLimit !== undefined) cgroupFs.write(join(d, "pids.max"), l.pidsLimit > 0 ? String(l.pidsLimit) : "max", "pids limit");
    if (has("io") && l.blkioWeight) cgroupFs.write(join(d, "io.weight"), `default ${ioWeight(l.blkioWeight)}`, "io weight");
  }

  stats(id: string): CgroupStats | undefined {
    const d = this.dir(id);
    if (!existsSync(d)) return undefined;
    const cpu = cgroupFs.keyed(join(d, "cpu.stat"));
    const limit = cgroupFs.number(join(d, "memory.max"));
    const blkio = [];
    for (const line of (cgroupFs.read(join(d, "io.stat")) ?? "").split("\n")) {
      const m = /^(\d+):(\d+) (.*)$/.exec(line.trim());
      if (!m) continue;
      const kv = Object.fromEntries(m[3]!.split(" ").map((p) => p.split("=")));
      blkio.push({ major: Number(m[1]), minor: Number(m[2]), read: Number(kv.rbytes ?? 0), write: Number(kv.wbytes ?? 0) });
    }
    return {
      cpuTotalNs: (cpu.usage_usec ?? 0) * 1000,
      cpuUserNs: (cpu.user_usec ?? 0) * 1000,
      cpuSystemNs: (cpu.system_usec ?? 0) * 1000,
      memoryUsage: cgroupFs.number(join(d, "memory.current")),
      memoryLimit: limit > 0 && limit < totalmem() ? limit : totalmem(),
      memoryStat: cgroupFs.keyed(join(d, "memory.stat")),
      pidsCurrent: cgroupFs.number(join(d, "pids.current")),
      pidsLimit: cgroupFs.number(join(d, "pids.max")),
      blkio,
    };
  }

  async freeze(id: string, frozen: boolean): Promise<void> {
    const d = this.dir(id);
    cgroupFs.write(join(d, "cgroup.freeze"), frozen ? "1" : "0", "freeze");
    for (let i = 0; i < 100; i++) {
      if (cgroupFs.keyed(join(d, "cgroup.events")).frozen === (frozen ? 1 : 0)) return;
      await Bun.sleep(10);
    }
  }

  oomKilled(id: string): boolean {
    return (cgroupFs.keyed(join(this.dir(id), "memory.events")).oom_kill ?? 0) > 0;
  }

  remove(id: string): void {
    void cgroupFs.rmdirSoon(this.dir(id));
  }
}
