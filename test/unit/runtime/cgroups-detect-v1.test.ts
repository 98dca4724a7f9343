import { chmodSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "bun:test";
import { detectCgroups } from "../../../src/runtime/index.ts";
import { FakeCgroupfs, ME, OTHER, V1_HIERARCHIES, v1Mountinfo, v1SelfCgroup } from "./_fake-cgroupfs.ts";

const CG = "/sys/fs/cgroup";

let fake: FakeCgroupfs | undefined;
afterEach(() => {
  fake?.remove();
  fake = undefined;
});

/** Every v1 hierarchy's root dir, an empty unified dir, and a root-owned /user in each. */
function v1Tree(): FakeCgroupfs {
  fake = new FakeCgroupfs().dir(`${CG}/unified`, { files: { "cgroup.controllers": "" } });
  for (const [dir] of V1_HIERARCHIES) fake.dir(`${CG}/${dir}/user`);
  fake.dir(`${CG}/memory/system.slice/sshd.service`);
  return fake;
}

describe("detectCgroups on cgroup v1", () => {
  test("root-created subtrees chowned to the user are delegated", () => {
    const f = v1Tree();
    for (const dir of ["memory", "pids", "cpu,cpuacct"]) f.dir(`${CG}/${dir}/user/alice`, { mine: true });
    f.dir(`${CG}/blkio/bunker/${ME}`, { mine: true });
    f.dir(`${CG}/cpuset/user/bob`, { mine: true }); // someone else's name: not ours
    f.seal();
    const facts = detectCgroups({
      mountinfo: v1Mountinfo(),
      selfCgroup: v1SelfCgroup({ memory: "/system.slice/sshd.service" }),
      uid: ME,
      username: "alice",
      fsRoot: f.root,
    });
    expect(facts.version).toBe(1);
    expect(facts.driver).toBe("cgroupfs");
    expect(facts.delegated).toBe(true);
    expect(facts.v2).toBeUndefined();
    const h = facts.v1?.controllers ?? {};
    expect(h.memory).toEqual({ mountPoint: `${CG}/memory`, ownPath: "/system.slice/sshd.service", delegatedPath: "/user/alice" });
    expect(h.pids).toEqual({ mountPoint: `${CG}/pids`, ownPath: "/", delegatedPath: "/user/alice" });
    expect(h.cpu).toEqual({ mountPoint: `${CG}/cpu,cpuacct`, ownPath: "/", delegatedPath: "/user/alice" });
    expect(h.cpuacct).toEqual(h.cpu as NonNullable<typeof h.cpu>);
    expect(h.blkio).toEqual({ mountPoint: `${CG}/blkio`, ownPath: "/", delegatedPath: `/bunker/${ME}` });
    expect(h.cpuset).toEqual({ mountPoint: `${CG}/cpuset`, ownPath: "/" });
    expect(h.freezer).toEqual({ mountPoint: `${CG}/freezer`, ownPath: "/" });
    expect(facts.controllers).toEqual(["memory", "pids", "cpu", "blkio"]);
    expect(facts.warnings).toEqual([
      `cgroup v1 controllers cpuset are not delegated to uid ${ME}; as root, create a subtree for each and chown it to the user, e.g. "mkdir -p ${CG}/cpuset/user/alice && chown -R alice ${CG}/cpuset/user/alice" (or <mount>/bunker/${ME}), or log in through pam_cgfs.`,
    ]);
  });

  test("a pam_cgfs login session: the own cgroup, widened up to /user/<name>", () => {
    const f = v1Tree();
    const paths: Record<string, string> = {};
    for (const [dir] of V1_HIERARCHIES) {
      f.dir(`${CG}/${dir}/user/alice`, { mine: true }).dir(`${CG}/${dir}/user/alice/7`, { mine: true });
      paths[dir] = "/user/alice/7";
    }
    f.seal();
    const facts = detectCgroups({ mountinfo: v1Mountinfo(), selfCgroup: v1SelfCgroup(paths), uid: ME, username: "alice", fsRoot: f.root });
    expect(facts.delegated).toBe(true);
    expect(Object.keys(facts.v1?.controllers ?? {})).toHaveLength(9);
    for (const [name, h] of Object.entries(facts.v1?.controllers ?? {})) {
      expect([name, h.ownPath, h.delegatedPath]).toEqual([name, "/user/alice/7", "/user/alice"]);
    }
    expect(facts.controllers).toEqual(["memory", "pids", "cpu", "blkio", "cpuset"]);
    expect(facts.warnings).toEqual([]);
  });

  test("nothing handed to the user: not delegated, one warning naming every controller", () => {
    const f = v1Tree();
    f.dir(`${CG}/memory/user/alice`, { mine: true }); // alice's, but we are OTHER without a name
    f.seal();
    const facts = detectCgroups({ mountinfo: v1Mountinfo(), selfCgroup: v1SelfCgroup(), uid: OTHER, username: undefined, fsRoot: f.root });
    expect(facts.version).toBe(1);
    expect(facts.delegated).toBe(false);
    expect(facts.controllers).toEqual([]);
    for (const h of Object.values(facts.v1?.controllers ?? {})) expect(h.delegatedPath).toBeUndefined();
    expect(facts.warnings).toEqual([
      `cgroup v1 controllers memory, pids, cpu, blkio, cpuset are not delegated to uid ${OTHER}; as root, create a subtree for each and chown it to the user, e.g. "mkdir -p ${CG}/memory/bunker/${OTHER} && chown -R ${OTHER} ${CG}/memory/bunker/${OTHER}" (or <mount>/bunker/${OTHER}), or log in through pam_cgfs.`,
    ]);
  });

  test("a chowned subtree without the owner-write bit does not count", () => {
    const f = v1Tree();
    f.dir(`${CG}/memory/bunker/${ME}`, { mine: true });
    f.seal();
    chmodSync(join(f.root, `${CG}/memory/bunker/${ME}`), 0o555); // ours, but read-only
    const facts = detectCgroups({ mountinfo: v1Mountinfo(), selfCgroup: v1SelfCgroup(), uid: ME, username: "alice", fsRoot: f.root });
    expect(facts.v1?.controllers.memory?.delegatedPath).toBeUndefined();
    expect(facts.delegated).toBe(false);
  });

  test("a missing controller is reported as not mounted", () => {
    const f = v1Tree().seal();
    const mountinfo = v1Mountinfo().split("\n").filter((l) => !l.includes("/sys/fs/cgroup/pids ")).join("\n");
    const facts = detectCgroups({ mountinfo, selfCgroup: v1SelfCgroup(), uid: 0, fsRoot: f.root });
    expect(facts.v1?.controllers.pids).toBeUndefined();
    expect(facts.controllers).toEqual(["memory", "cpu", "blkio", "cpuset"]);
    expect(facts.warnings).toEqual([
      "cgroup v1 controllers pids are not mounted, so their limits are unavailable; mount each at /sys/fs/cgroup/<controller>.",
    ]);
  });

  test("mount points with mountinfo escapes are decoded", () => {
    const f = new FakeCgroupfs().dir(`${CG}/my mem/bunker/${ME}`, { mine: true }).seal();
    fake = f;
    const mountinfo = "40 31 0:40 / /sys/fs/cgroup/my\\040mem rw,relatime - cgroup cgroup rw,memory\n";
    const facts = detectCgroups({ mountinfo, selfCgroup: "4:memory:/\n", uid: ME, username: "alice", fsRoot: f.root });
    expect(facts.v1?.controllers.memory).toEqual({ mountPoint: `${CG}/my mem`, ownPath: "/", delegatedPath: `/bunker/${ME}` });
    expect(facts.controllers).toEqual(["memory"]);
  });
});
