import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { Conflict } from "../../lib/index.ts";
import type { CgroupStats, ContainerRuntime, ResourceLimits } from "../../runtime/index.ts";
import type { ContainerStore } from "./container-store.ts";

/** One stats sample: the cgroup's numbers and the host's CPU time when they were read. */
export interface StatsSample {
  read: string;
  /** Host CPU time in all, nanoseconds (Docker's system_cpu_usage). */
  systemCpuNs: number;
  onlineCpus: number;
  cgroup?: CgroupStats;
  /** Per interface ("eth0"…), what the container received (rx) and sent (tx). */
  networks?: Record<string, { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }>;
}

/** Host CPU time from /proc/stat's first line (user … steal, in USER_HZ ticks). */
function systemCpuNs(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
  const ticks = line.trim().split(/\s+/).slice(1, 9).reduce((n, t) => n + Number(t), 0);
  return ticks * (1e9 / 100);
}

/**
 * Resource use and control of containers through their cgroups: docker stats, pause/unpause,
 * update (limits on a running container).
 */
export class ResourceService {
  constructor(
    private readonly store: ContainerStore,
    private readonly runtime: ContainerRuntime,
    /** The user-mode network's counters per interface of a running container. */
    private readonly netCounters: (id: string) => { rxBytes: number; rxPackets: number; txBytes: number; txPackets: number }[] = () => [],
  ) {}

  sample(ref: string): StatsSample {
    const record = this.store.find(ref);
    const running = record.state.status === "running";
    return {
      read: new Date().toISOString(),
      systemCpuNs: systemCpuNs(),
      onlineCpus: cpus().length,
      cgroup: running ? this.runtime.cgroups().stats(record.id) : undefined,
      networks: running ? Object.fromEntries(this.netCounters(record.id).map((c, i) => [`eth${i}`, { ...c }])) : undefined,
    };
  }

  async pause(ref: string): Promise<void> {
    const record = this.store.find(ref);
    if (record.state.status !== "running") throw new Conflict(`Container ${record.id} is not running`);
    if (record.state.paused) throw new Conflict(`Container ${record.id} is already paused`);
    await this.runtime.cgroups().freeze(record.id, true);
    this.store.update(record.id, (r) => {
      r.state.paused = true;
    });
  }

  async unpause(ref: string): Promise<void> {
    const record = this.store.find(ref);
    if (!record.state.paused || record.state.status !== "running") throw new Conflict(`Container ${record.id} is not paused`);
    await this.runtime.cgroups().freeze(record.id, false);
    this.store.update(record.id, (r) => {
      r.state.paused = false;
    });
  }

  /** docker update: new limits, applied at once when it runs and kept for its next start. */
  update(ref: string, limits: ResourceLimits): string[] {
    const record = this.store.find(ref);
    const merged = { ...(record.runtime.resources ?? {}), ...limits };
    const warnings = record.state.status === "running" ? this.runtime.cgroups().update(record.id, merged) : this.runtime.cgroups().check(merged);
    this.store.update(record.id, (r) => {
      r.runtime.resources = merged;
    });
    return warnings;
  }
}
