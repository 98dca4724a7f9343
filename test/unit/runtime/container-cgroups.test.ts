import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContainerCgroups, type CgroupFacts } from "../../../src/runtime/index.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ROOT = "/user.slice/user-1000.slice/user@1000.service";

/** A fake cgroup2 tree with a systemd-style delegation root, files as the kernel shows them. */
function fakeV2(controllers = ["cpuset", "cpu", "io", "memory", "pids"]) {
  const fsRoot = mkdtempSync("/tmp/bk-cgfake-");
  dirs.push(fsRoot);
  const root = join(fsRoot, "sys/fs/cgroup", ROOT);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, "cgroup.controllers"), `${controllers.join(" ")}\n`);
  writeFileSync(join(root, "cgroup.subtree_control"), "");
  const facts: CgroupFacts = {
    version: 2,
    driver: "systemd",
    delegated: true,
    v2: { mountPoint: "/sys/fs/cgroup", ownPath: `${ROOT}/app.slice/x.scope`, delegationRoot: ROOT, controllers, subtreeControl: [] },
    controllers: controllers.map((c) => c) as CgroupFacts["controllers"],
    warnings: [],
  };
  return { fsRoot, root, facts };
}

describe("container cgroups, v2 (a fake cgroupfs)", () => {
  test("create writes the limits in v2's units under <delegation root>/bunker/<id>", () => {
    const { fsRoot, root, facts } = fakeV2();
    const cg = new ContainerCgroups(facts, { fsRoot });
    const procs = cg.create("c1", { memory: 64 * 1024 * 1024, memoryReservation: 32 * 1024 * 1024, nanoCpus: 500_000_000, pidsLimit: 50, cpuShares: 512, blkioWeight: 500, cpusetCpus: "0" });
    const dir = join(root, "bunker", "c1");
    expect(procs).toEqual([join(dir, "cgroup.procs")]);
    const read = (f: string) => readFileSync(join(dir, f), "utf8");
    expect(read("memory.max")).toBe(String(64 * 1024 * 1024));
    expect(read("memory.low")).toBe(String(32 * 1024 * 1024));
    expect(read("cpu.max")).toBe("50000 100000");
    expect(read("cpu.weight")).toBe("20");
    expect(read("io.weight")).toBe("default 4950");
    expect(read("pids.max")).toBe("50");
    expect(read("cpuset.cpus")).toBe("0");
    // Controllers are enabled for the children of the root and of bunker/.
    expect(readFileSync(join(root, "cgroup.subtree_control"), "utf8")).toStartWith("+");
    expect(existsSync(join(root, "bunker", "cgroup.subtree_control"))).toBe(true);
    cg.update("c1", { memory: 0, pidsLimit: -1 });
    expect(read("memory.max")).toBe("max");
    expect(read("pids.max")).toBe("max");
  });

  test("stats, freeze and OOM come from the kernel's files", async () => {
    const { fsRoot, root, facts } = fakeV2();
    const cg = new ContainerCgroups(facts, { fsRoot });
    cg.create("c2", {});
    const dir = join(root, "bunker", "c2");
    writeFileSync(join(dir, "memory.current"), "1048576\n");
    writeFileSync(join(dir, "memory.max"), "max\n");
    writeFileSync(join(dir, "memory.stat"), "anon 4096\ninactive_file 512\n");
    writeFileSync(join(dir, "cpu.stat"), "usage_usec 2000\nuser_usec 1500\nsystem_usec 500\n");
    writeFileSync(join(dir, "pids.current"), "3\n");
    writeFileSync(join(dir, "io.stat"), "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n");
    const s = cg.stats("c2")!;
    expect(s).toMatchObject({ cpuTotalNs: 2_000_000, cpuUserNs: 1_500_000, cpuSystemNs: 500_000, memoryUsage: 1048576, pidsCurrent: 3 });
    expect(s.memoryStat.inactive_file).toBe(512);
    expect(s.blkio).toEqual([{ major: 8, minor: 0, read: 4096, write: 8192 }]);
    writeFileSync(join(dir, "cgroup.events"), "populated 1\nfrozen 1\n");
    await cg.freeze("c2", true);
    expect(readFileSync(join(dir, "cgroup.freeze"), "utf8")).toBe("1");
    expect(cg.oomKilled("c2")).toBe(false);
    writeFileSync(join(dir, "memory.events"), "low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n");
    expect(cg.oomKilled("c2")).toBe(true);
  });

  test("a limit whose controller is not delegated is refused with the way to delegate it", () => {
    const { fsRoot, facts } = fakeV2(["cpu", "pids"]);
    const cg = new ContainerCgroups(facts, { fsRoot });
    expect(() => cg.check({ memory: 64 * 1024 * 1024 })).toThrow(/--memory cannot be enforced: the memory cgroup controller is not delegated.*Delegate=cpu cpuset io memory pids/);
    expect(cg.check({ nanoCpus: 1e9, pidsLimit: 10 })).toEqual([]);
    const warn = new ContainerCgroups(facts, { fsRoot, unenforced: "warn" });
    expect(warn.check({ memory: 64 * 1024 * 1024 })[0]).toContain("Running without this limit");
  });
});

describe("container cgroups without delegation", () => {
  const facts: CgroupFacts = { version: 1, driver: "cgroupfs", delegated: false, v1: { controllers: {} }, controllers: [], warnings: [] };

  test("limits are refused, naming the v1 subtree to hand over; containers without limits still run", () => {
    const cg = new ContainerCgroups(facts, { uid: 1234 });
    expect(() => cg.check({ pidsLimit: 20 })).toThrow("--pids-limit cannot be enforced: no cgroup is delegated to this user (cgroup v1); as root, hand over a subtree of that hierarchy: `mkdir -p /sys/fs/cgroup/pids/bunker/1234 && chown -R 1234 /sys/fs/cgroup/pids/bunker/1234` (as pam_cgfs does); `bunker setup` offers this fix");
    expect(cg.check({})).toEqual([]);
    expect(cg.check({ pidsLimit: -1, memory: 0 })).toEqual([]);
    expect(cg.create("x", {})).toEqual([]);
    expect(() => cg.check({ memory: 1024 })).toThrow("Minimum memory limit allowed is 6MB");
  });
});
