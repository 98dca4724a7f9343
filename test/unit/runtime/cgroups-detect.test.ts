import { afterEach, describe, expect, test } from "bun:test";
import { detectCgroups } from "../../../src/runtime/index.ts";
import { FakeCgroupfs, ME, OTHER, v1Mountinfo, v1SelfCgroup, v2Mountinfo } from "./_fake-cgroupfs.ts";

const CG = "/sys/fs/cgroup";
const SERVICE = `/user.slice/user-${ME}.slice/user@${ME}.service`;
const OWN = `${SERVICE}/app.slice/bunker.service`;

let fake: FakeCgroupfs | undefined;
afterEach(() => {
  fake?.remove();
  fake = undefined;
});

/** A systemd host: user@ME.service and below belong to ME, everything above to root. */
function systemdTree(controllers = "cpu memory pids"): FakeCgroupfs {
  fake = new FakeCgroupfs()
    .dir(CG, { files: { "cgroup.controllers": "cpuset cpu io memory hugetlb pids rdma misc\n" } })
    .dir(`${CG}/user.slice/user-${ME}.slice`, { files: { "cgroup.controllers": "cpuset cpu io memory pids\n" } })
    .dir(`${CG}${SERVICE}`, { mine: true, files: { "cgroup.controllers": `${controllers}\n`, "cgroup.subtree_control": "memory pids\n" } })
    .dir(`${CG}${SERVICE}/app.slice`, { mine: true, files: { "cgroup.controllers": "memory pids\n" } })
    .dir(`${CG}${OWN}`, { mine: true, files: { "cgroup.controllers": "\n" } })
    .seal();
  return fake;
}

describe("detectCgroups on cgroup v2", () => {
  test("systemd user@UID.service with Delegate=yes is the delegation root", () => {
    const f = systemdTree();
    const facts = detectCgroups({ mountinfo: v2Mountinfo(), selfCgroup: `0::${OWN}\n`, uid: ME, fsRoot: f.root });
    expect(facts.version).toBe(2);
    expect(facts.driver).toBe("systemd");
    expect(facts.delegated).toBe(true);
    expect(facts.v1).toBeUndefined();
    expect(facts.v2).toEqual({
      mountPoint: CG,
      ownPath: OWN,
      delegationRoot: SERVICE,
      controllers: ["cpu", "memory", "pids"],
      subtreeControl: ["memory", "pids"],
    });
    expect(facts.controllers).toEqual(["memory", "pids", "cpu"]);
    expect(facts.warnings).toHaveLength(1);
    expect(facts.warnings[0]).toStartWith(`cgroup v2 controllers io, cpuset are not delegated to ${SERVICE}; list them in Delegate=`);
  });

  test("all five limit controllers delegated: no warnings", () => {
    const f = systemdTree("cpuset cpu io memory pids");
    const facts = detectCgroups({ mountinfo: v2Mountinfo(), selfCgroup: `0::${OWN}\n`, uid: ME, fsRoot: f.root });
    expect(facts.controllers).toEqual(["memory", "pids", "cpu", "io", "cpuset"]);
    expect(facts.warnings).toEqual([]);
  });

  test("not delegated when the own cgroup belongs to another uid", () => {
    const f = systemdTree();
    const facts = detectCgroups({ mountinfo: v2Mountinfo(), selfCgroup: `0::${OWN}\n`, uid: OTHER, fsRoot: f.root });
    expect(facts.version).toBe(2);
    expect(facts.driver).toBe("cgroupfs");
    expect(facts.delegated).toBe(false);
    expect(facts.v2).toEqual({ mountPoint: CG, ownPath: OWN, controllers: [], subtreeControl: [] });
    expect(facts.controllers).toEqual([]);
    expect(facts.warnings).toHaveLength(1);
    expect(facts.warnings[0]).toContain(`cgroup v2 is not delegated to uid ${OTHER} (its cgroup ${OWN} is owned by uid `);
    expect(facts.warnings[0]).toContain("/etc/systemd/system/user@.service.d/delegate.conf");
    expect(facts.warnings[0]).toContain("Delegate=cpu cpuset io memory pids");
  });

  test("not delegated when the own cgroup is not owner-writable", () => {
    fake = new FakeCgroupfs().dir(`${CG}/user.slice/session-1.scope`, { files: { "cgroup.controllers": "memory pids\n" } }).seal();
    const facts = detectCgroups({
      mountinfo: v2Mountinfo(), selfCgroup: "0::/user.slice/session-1.scope\n", uid: ME, fsRoot: fake.root,
    });
    expect(facts.delegated).toBe(false);
    expect(facts.v2?.delegationRoot).toBeUndefined();
    expect(facts.v2?.controllers).toEqual(["memory", "pids"]);
    expect(facts.controllers).toEqual([]);
  });

  test("as root the own cgroup is delegated", () => {
    fake = new FakeCgroupfs()
      .dir(`${CG}/system.slice/bunker.service`, { files: { "cgroup.controllers": "cpuset cpu io memory hugetlb pids\n", "cgroup.subtree_control": "\n" } })
      .seal();
    const facts = detectCgroups({
      mountinfo: v2Mountinfo(), selfCgroup: "0::/system.slice/bunker.service\n", uid: 0, fsRoot: fake.root,
    });
    expect(facts).toEqual({
      version: 2,
      driver: "cgroupfs",
      delegated: true,
      v2: {
        mountPoint: CG,
        ownPath: "/system.slice/bunker.service",
        delegationRoot: "/system.slice/bunker.service",
        controllers: ["cpuset", "cpu", "io", "memory", "hugetlb", "pids"],
        subtreeControl: [],
      },
      controllers: ["memory", "pids", "cpu", "io", "cpuset"],
      warnings: [],
    });
  });

  test("as root on a read-only cgroup2 mount nothing is delegated", () => {
    fake = new FakeCgroupfs().dir(CG, { files: { "cgroup.controllers": "memory pids\n" } }).seal();
    const facts = detectCgroups({ mountinfo: v2Mountinfo({ readOnly: true }), selfCgroup: "0::/\n", uid: 0, fsRoot: fake.root });
    expect(facts.delegated).toBe(false);
    expect(facts.controllers).toEqual([]);
    expect(facts.warnings).toEqual([
      "/sys/fs/cgroup is mounted read-only, so Bunker cannot create cgroups; mount cgroup2 read-write (for a container: give it a private cgroup namespace and a writable cgroup mount).",
    ]);
  });

  test("a namespaced mount: the walk stops at the mount's root", () => {
    // Inside a container with its own cgroup namespace, the mount shows only the user's subtree.
    fake = new FakeCgroupfs()
      .dir(CG, { mine: true, files: { "cgroup.controllers": "memory pids\n" } })
      .dir(`${CG}/inner`, { mine: true, files: { "cgroup.controllers": "memory\n" } })
      .seal();
    const facts = detectCgroups({
      mountinfo: v2Mountinfo({ mountRoot: SERVICE }), selfCgroup: `0::${SERVICE}/inner\n`, uid: ME, fsRoot: fake.root,
    });
    expect(facts.driver).toBe("systemd");
    expect(facts.v2?.delegationRoot).toBe(SERVICE);
    expect(facts.controllers).toEqual(["memory", "pids"]);
  });
});

describe("detectCgroups version", () => {
  test("hybrid (v1 controllers plus an almost empty cgroup2 at unified) is version 1", () => {
    fake = new FakeCgroupfs().dir(`${CG}/unified`, { files: { "cgroup.controllers": "" } });
    for (const dir of ["memory", "pids", "cpu,cpuacct", "cpuset", "blkio", "freezer", "devices", "systemd"]) fake.dir(`${CG}/${dir}`);
    fake.seal();
    const facts = detectCgroups({ mountinfo: v1Mountinfo(), selfCgroup: v1SelfCgroup(), uid: 0, fsRoot: fake.root });
    expect(facts.version).toBe(1);
    expect(facts.driver).toBe("cgroupfs");
    expect(facts.v2).toBeUndefined();
    expect(facts.delegated).toBe(true);
    expect(Object.keys(facts.v1?.controllers ?? {}).sort()).toEqual(
      ["blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "name=systemd", "pids"],
    );
    expect(facts.controllers).toEqual(["memory", "pids", "cpu", "blkio", "cpuset"]);
    expect(facts.warnings).toEqual([]);
  });

  test("cgroup2 at /sys/fs/cgroup with only a named v1 hierarchy is version 2", () => {
    fake = new FakeCgroupfs().dir(CG, { files: { "cgroup.controllers": "memory\n" } }).seal();
    const mountinfo = `${v2Mountinfo()}50 26 0:50 / /run/systemd-v1 rw - cgroup cgroup rw,name=systemd\n`;
    const facts = detectCgroups({ mountinfo, selfCgroup: "1:name=systemd:/\n0::/\n", uid: 0, fsRoot: fake.root });
    expect(facts.version).toBe(2);
    expect(facts.v1).toBeUndefined();
    expect(facts.controllers).toEqual(["memory"]);
  });

  test("nothing mounted: version 2, not delegated, one warning", () => {
    const facts = detectCgroups({ mountinfo: "", selfCgroup: "", uid: 0, fsRoot: "/nonexistent" });
    expect(facts).toEqual({
      version: 2,
      driver: "cgroupfs",
      delegated: false,
      controllers: [],
      warnings: ["No cgroup filesystem is mounted, so container limits are unavailable; mount cgroup2 at /sys/fs/cgroup."],
    });
  });
});

describe("detectCgroups on the real host", () => {
  test("returns without throwing; root is delegated", () => {
    const facts = detectCgroups();
    expect([1, 2]).toContain(facts.version);
    expect(Array.isArray(facts.warnings)).toBe(true);
    if (process.getuid?.() === 0) {
      expect(facts.delegated).toBe(true);
    }
  });
});
