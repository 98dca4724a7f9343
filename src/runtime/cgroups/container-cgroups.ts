import { InvalidArgument, log } from "../../lib/index.ts";
import type { CgroupFacts, LimitController } from "./cgroup-facts.ts";
import { controllersFor, validateLimits, type CgroupDriver, type CgroupStats, type ResourceLimits } from "./cgroup-driver.ts";
import { CgroupV1Driver } from "./cgroup-v1-driver.ts";
import { CgroupV2Driver } from "./cgroup-v2-driver.ts";

/** What to do when a limit is asked for and its controller is not delegated. */
export type UnenforcedLimits = "refuse" | "warn";

/** How to get a controller delegated, in one sentence. */
function howToDelegate(facts: CgroupFacts, controller: LimitController, uid: number): string {
  if (facts.version === 2) {
    return `delegate it with a systemd drop-in, /etc/systemd/system/user@.service.d/delegate.conf: "[Service]\\nDelegate=cpu cpuset io memory pids", then \`systemctl daemon-reload\` and log in again`;
  }
  const mount = `/sys/fs/cgroup/${controller === "cpu" ? "cpu,cpuacct" : controller}`;
  return `as root, hand over a subtree of that hierarchy: \`mkdir -p ${mount}/bunker/${uid} && chown -R ${uid} ${mount}/bunker/${uid}\` (as pam_cgfs does)`;
}

/**
 * Containers' cgroups under what the host delegates to this user: the driver for the host's
 * cgroup version, or none (then limits are refused, or warned about when the daemon config
 * says so, never silently dropped).
 */
export class ContainerCgroups {
  readonly driver?: CgroupDriver;

  constructor(
    private readonly facts: CgroupFacts,
    private readonly opts: { fsRoot?: string; unenforced?: UnenforcedLimits; uid?: number } = {},
  ) {
    if (facts.version === 2 && facts.v2?.delegationRoot !== undefined) this.driver = new CgroupV2Driver(facts.v2, facts.controllers, opts.fsRoot);
    else if (facts.version === 1 && facts.v1 && facts.delegated) this.driver = new CgroupV1Driver(facts.v1, facts.controllers, opts.fsRoot);
  }

  /**
   * Validate limits and make sure each can be enforced. Returns the warnings (policy "warn");
   * throws InvalidArgument naming the controller and the way to delegate it (policy "refuse").
   */
  check(limits: ResourceLimits): string[] {
    validateLimits(limits);
    const have = this.driver?.controllers ?? [];
    const warnings: string[] = [];
    for (const { setting, controller } of controllersFor(limits, this.facts.version)) {
      if (have.includes(controller)) continue;
      const why = this.driver
        ? `the ${controller} cgroup controller is not delegated to this user`
        : `no cgroup is delegated to this user (cgroup v${this.facts.version})`;
      const message = `${setting} cannot be enforced: ${why}; ${howToDelegate(this.facts, controller, this.opts.uid ?? process.getuid?.() ?? 0)}; \`bunker setup\` offers this fix`;
      if (this.opts.unenforced === "warn") warnings.push(`${message}. Running without this limit, as the daemon config asks.`);
      else throw new InvalidArgument(message);
    }
    return warnings;
  }

  /** The cgroup.procs files the container's process joins; none without delegation. */
  create(id: string, limits: ResourceLimits): string[] {
    if (!this.driver) return [];
    try {
      return this.driver.create(id, limits);
    } catch (err) {
      this.driver.remove(id);
      throw err;
    }
  }

  procsFiles(id: string): string[] {
    return this.driver?.procsFiles(id) ?? [];
  }

  update(id: string, limits: ResourceLimits): string[] {
    const warnings = this.check(limits);
    this.driver?.update(id, limits);
    return warnings;
  }

  stats(id: string): CgroupStats | undefined {
    return this.driver?.stats(id);
  }

  /** pause/unpause; throws when there is no freezer to use. */
  async freeze(id: string, frozen: boolean): Promise<void> {
    if (!this.driver || !this.driver.procsFiles(id).length) {
      throw new InvalidArgument(`pause needs the container in a cgroup with a freezer: ${this.driver ? "the container has no cgroup" : "no cgroup is delegated to this user"}`);
    }
    await this.driver.freeze(id, frozen);
  }

  oomKilled(id: string): boolean {
    return this.driver?.oomKilled(id) ?? false;
  }

  remove(id: string): void {
    try {
      this.driver?.remove(id);
    } catch (err) {
      log.warn("cannot remove a container's cgroup", { id, error: (err as Error).message });
    }
  }
}
