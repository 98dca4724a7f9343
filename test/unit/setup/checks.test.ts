import { afterEach, describe, expect, test } from "bun:test";
import { fixText, runChecks, type CheckResult, type SetupFacts } from "../../../src/setup/index.ts";
import { FakeHost, ME, OTHER, RUNNER_IS_ROOT, USER, type HostSpec } from "./_fake-host.ts";

let host: FakeHost | undefined;
const hosts: FakeHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.remove();
  host = undefined;
});

/** The facts of a new fake host; `host` is the latest (a test may make several). */
function factsOf(spec: HostSpec = {}): SetupFacts {
  host = new FakeHost(spec);
  hosts.push(host);
  return host.facts();
}

function check(id: string, spec: HostSpec = {}): CheckResult {
  const r = runChecks(factsOf(spec)).find((c) => c.id === id);
  if (!r) throw new Error(`no check ${id}`);
  return r;
}

/** Every fix of a result, as the one-line text --check prints (uid ME: root commands get sudo). */
const fixes = (r: CheckResult) => r.fixes.map((f) => fixText(f, ME));

describe("a prepared fake host", () => {
  test("passes every engine check; client checks give advice only", () => {
    const results = runChecks(factsOf({ cgroup: "v2-delegated", docker: "context" }));
    expect(results.filter((r) => r.status === "problem")).toEqual([]);
    expect(results.map((r) => r.id)).toEqual(["kernel", "userns", "subids", "idmap-tools", "tun", "fuse", "storage", "cgroups", "runtime-dir", "ports", "ping", "linger", "daemon-config", "systemd", "docker-cli"]);
    const by = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(by.subids!.summary).toBe(`${USER} has subordinate uids 100000-165535 and gids 100000-165535`);
    expect(by["idmap-tools"]!.status).toBe("ok");
    expect(by.cgroups!.summary).toBe(`cgroup v2: delegated (/user.slice/user-${ME}.slice/user@${ME}.service): memory, pids, cpu, io, cpuset`);
    expect(by["runtime-dir"]!.summary).toBe(`XDG_RUNTIME_DIR=/run/user/${ME}`);
    expect(by.ports!.status).toBe("advice");
    expect(by.ping!.status).toBe("ok");
    expect(by.linger!.status).toBe("skip");
    expect(by["docker-cli"]!.status).toBe("ok");
    expect(by.systemd!.summary).toContain("the CLI starts the daemon on demand");
  });
});

describe("kernel", () => {
  test("ok from 5.11, advice below (no native overlay in user namespaces), problem below 4.18", () => {
    expect(check("kernel", { kernel: "5.11.0" }).status).toBe("ok");
    const old = check("kernel", { kernel: "5.10.0-28-amd64" });
    expect(old.status).toBe("advice");
    expect(old.summary).toContain("older than 5.11");
    const ancient = check("kernel", { kernel: "4.9.0" });
    expect(ancient.status).toBe("problem");
    expect(ancient.summary).toBe("Linux 4.9.0 is older than 4.18");
  });
});

describe("userns", () => {
  test("max_user_namespaces 0 offers the sysctl, now and persistent", () => {
    const r = check("userns", { sysctl: { "user/max_user_namespaces": "0" } });
    expect(r.status).toBe("problem");
    expect(r.summary).toContain("user.max_user_namespaces is 0");
    expect(fixes(r)).toEqual(["sudo sysctl -w user.max_user_namespaces=28633 && printf '%s\\n' 'user.max_user_namespaces = 28633' | sudo tee /etc/sysctl.d/99-bunker-userns.conf >/dev/null"]);
  });

  test("Debian's unprivileged_userns_clone and Ubuntu's AppArmor switch each get their sysctl", () => {
    const r = check("userns", { sysctl: { "kernel/unprivileged_userns_clone": "0", "kernel/apparmor_restrict_unprivileged_userns": "1" } });
    expect(r.status).toBe("problem");
    expect(r.summary).toContain("kernel.unprivileged_userns_clone is 0");
    expect(r.summary).toContain("AppArmor restricts");
    expect(fixes(r)[0]).toStartWith("sudo sysctl -w kernel.unprivileged_userns_clone=1 && ");
    expect(fixes(r)[1]).toStartWith("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 && ");
  });

  test("switches that allow it but a probe that fails: the probe's reason", () => {
    const r = check("userns", { sysctl: { "kernel/unprivileged_userns_clone": "1" }, usernsProbe: { ok: false, reason: "unshare(CLONE_NEWUSER): EPERM", errno: 1, code: "EPERM" } });
    expect(r.status).toBe("problem");
    expect(r.summary).toBe("user namespaces cannot be created: creating one fails: unshare(CLONE_NEWUSER): EPERM");
  });

  test("ok when allowed and the probe works", () => {
    expect(check("userns", { sysctl: { "kernel/unprivileged_userns_clone": "1", "kernel/apparmor_restrict_unprivileged_userns": "0" } }).status).toBe("ok");
  });
});

describe("subids", () => {
  test("missing from both files: the usermod command for the next free range", () => {
    const r = check("subids", { subuid: "other:100000:65536\nthird:165536:65536\n", subgid: "other:100000:65536\n" });
    expect(r.status).toBe("problem");
    expect(r.summary).toBe(`no subordinate ids for ${USER} in /etc/subuid and /etc/subgid`);
    expect(r.explanation).toContain(`"${USER}:231072:65536"`);
    expect(fixes(r)).toEqual([`sudo usermod --add-subuids 231072-296607 --add-subgids 231072-296607 ${USER}`]);
  });

  test("missing from one file: only that one is added; a numeric owner counts", () => {
    const r = check("subids", { subuid: `${ME}:100000:65536\n`, subgid: "" });
    expect(r.summary).toBe(`no subordinate ids for ${USER} in /etc/subgid`);
    expect(fixes(r)).toEqual([`sudo usermod --add-subgids 165536-231071 ${USER}`]);
  });

  test("fewer than 65536 ids: a problem, with a full range offered in place of the small one", () => {
    const r = check("subids", { subuid: `${USER}:100000:1000\n`, subgid: `${USER}:100000:65536\n` });
    expect(r.status).toBe("problem");
    expect(r.summary).toContain("smaller than 65536 (subuid 1000)");
    expect(fixes(r)).toEqual([`sudo usermod --del-subuids 100000-100999 --add-subuids 165536-231071 ${USER}`]);
  });
});

describe("idmap-tools", () => {
  test("usable tools (setuid root, or file capabilities) pass", () => {
    expect(check("idmap-tools", { tools: "usable" }).status).toBe("ok");
  });

  test("tools without setuid or capabilities: chmod u+s", () => {
    const r = check("idmap-tools", { tools: "plain" });
    expect(r.status).toBe("problem");
    expect(fixes(r)).toEqual([`sudo chmod u+s ${host!.root}/usr/bin/newuidmap ${host!.root}/usr/bin/newgidmap`]);
  });

  test("missing tools: install uidmap with the package manager found", () => {
    const r = check("idmap-tools", { tools: "missing" });
    expect(r.status).toBe("problem");
    expect(r.summary).toContain("install the uidmap package");
    expect(fixes(r)).toEqual(["sudo apt-get install -y uidmap"]);
  });
});

describe("devices", () => {
  test("a missing /dev/net/tun: create it 0666", () => {
    const r = check("tun", { tun: false });
    expect(r.status).toBe("problem");
    expect(r.summary).toBe(`cannot open ${host!.root}/dev/net/tun: no such device node`);
    expect(fixes(r)[0]).toStartWith("sudo sh -c 'modprobe tun");
  });

  test("a /dev/net/tun that does not open: chmod 0666", () => {
    const facts = factsOf();
    facts.host.tun = { ok: false, reason: "cannot open /dev/net/tun: permission denied (make it 0666 as udev does, or use --network none)" };
    const r = runChecks(facts).find((c) => c.id === "tun")!;
    expect(r.summary).toBe("cannot open /dev/net/tun: permission denied");
    expect(fixes(r)).toEqual(["sudo chmod 0666 /dev/net/tun"]);
  });

  test("/dev/fuse: not needed while native overlay works; a problem when storage would need it", () => {
    expect(check("fuse", { fuse: false }).status).toBe("skip");
    const r = check("fuse", { fuse: false, storage: { nativeOverlay: false, nativeOverlayReason: "mount: EPERM", best: "vfs" } });
    expect(r.status).toBe("problem");
    expect(fixes(r)).toEqual(["sudo modprobe fuse"]);
    const denied = factsOf({ storage: { nativeOverlay: false, best: "vfs" } });
    denied.fuse = { ok: false, reason: "cannot open /dev/fuse: permission denied", missing: false };
    expect(fixes(runChecks(denied).find((c) => c.id === "fuse")!)).toEqual(["sudo chmod 0666 /dev/fuse"]);
  });
});

describe("storage", () => {
  test("native overlay, else fuse-overlayfs, else a problem with the install command", () => {
    expect(check("storage").summary).toBe("native overlay works in a user namespace");
    expect(check("storage", { storage: { nativeOverlay: false, nativeOverlayReason: "kernel 5.4", fuseOverlayfs: "/usr/bin/fuse-overlayfs", best: "fuse-overlayfs" } }).status).toBe("ok");
    const r = check("storage", { storage: { nativeOverlay: false, nativeOverlayReason: "mount overlay: EPERM", best: "vfs" } });
    expect(r.status).toBe("problem");
    expect(r.summary).toContain("falls back to vfs");
    expect(fixes(r)).toEqual(["sudo apt-get install -y fuse-overlayfs"]);
  });
});

describe("cgroups", () => {
  test("v2 without delegation: the systemd Delegate= drop-in, and unenforced-limits as an optional choice", () => {
    const r = check("cgroups", { cgroup: "v2-none" });
    expect(r.status).toBe("problem");
    expect(r.summary).toStartWith(`cgroup v2: nothing is delegated to uid ${ME}`);
    expect(fixes(r)[0]).toBe(
      "sudo mkdir -p /etc/systemd/system/user@.service.d && printf '%s\\n' '[Service]' 'Delegate=cpu cpuset io memory pids' | sudo tee /etc/systemd/system/user@.service.d/delegate.conf >/dev/null && sudo systemctl daemon-reload",
    );
    expect(r.fixes[1]!.optional).toBe(true);
    expect(r.fixes[1]!.steps).toEqual([{ kind: "daemon-config", file: host!.configFile, set: { "unenforced-limits": "warn" } }]);
  });

  test("v1 with per-user subtrees is reported as v1, delegated", () => {
    const r = check("cgroups", { cgroup: "v1-delegated" });
    expect(r.status).toBe("ok");
    expect(r.summary).toBe(`cgroup v1 (legacy hierarchies): per-user subtrees delegated (/bunker/${ME}): memory, pids, cpu, blkio, cpuset`);
  });

  test("v1 without them: the mkdir/chown hand-over for each hierarchy", () => {
    const r = check("cgroups", { cgroup: "v1-none" });
    expect(r.status).toBe("problem");
    expect(r.summary).toStartWith("cgroup v1 (legacy hierarchies): nothing is delegated");
    const text = fixes(r)[0]!;
    expect(text).toStartWith("sudo sh -c 'mkdir -p /sys/fs/cgroup/memory/bunker/");
    for (const m of ["memory", "pids", "cpu,cpuacct", "blkio", "cpuset"]) expect(text).toContain(`mkdir -p /sys/fs/cgroup/${m}/bunker/${ME} && chown -R ${USER} /sys/fs/cgroup/${m}/bunker/${ME}`);
  });
});

describe("runtime-dir", () => {
  test("unset while /run/user/UID exists (su): the export line", () => {
    const r = check("runtime-dir", { xdg: "unset-with-dir" });
    expect(r.status).toBe("problem");
    expect(fixes(r)).toEqual([`export XDG_RUNTIME_DIR=/run/user/${ME}`]);
  });

  test("unset without a session: advice, Bunker uses /tmp", () => {
    const r = check("runtime-dir", { xdg: "unset" });
    expect(r.status).toBe("advice");
    expect(r.explanation).toContain(`/tmp/bunker-${ME}`);
  });

  test.skipIf(!RUNNER_IS_ROOT)("another user's directory (su keeps it) is a problem", () => {
    const r = check("runtime-dir", { xdg: "other" });
    expect(r.status).toBe("problem");
    expect(r.summary).toBe(`XDG_RUNTIME_DIR=/run/user/${OTHER} belongs to uid ${OTHER}, not to you (su and sudo keep the caller's)`);
  });
  if (!RUNNER_IS_ROOT) console.log("skip: a runtime dir of another uid needs root to make");
});

describe("ports and ping", () => {
  test("a high unprivileged port start is advice with an optional sysctl", () => {
    const r = check("ports");
    expect(r.status).toBe("advice");
    expect(r.fixes[0]!.optional).toBe(true);
    expect(fixes(r)[0]).toStartWith("sudo sysctl -w net.ipv4.ip_unprivileged_port_start=80");
    expect(check("ports", { sysctl: { "net/ipv4/ip_unprivileged_port_start": "80" } }).status).toBe("ok");
  });

  test("a gid outside ping_group_range is advice", () => {
    const r = check("ping", { sysctl: { "net/ipv4/ping_group_range": "1 0" } });
    expect(r.status).toBe("advice");
    expect(r.summary).toBe(`gid ${ME} is outside net.ipv4.ping_group_range (1 0)`);
    expect(fixes(r)[0]).toStartWith("sudo sysctl -w 'net.ipv4.ping_group_range=0 2147483647'");
  });
});

describe("linger, systemd, docker CLI, daemon config", () => {
  test("linger: skipped without logind, advice when off, ok when on", () => {
    expect(check("linger").status).toBe("skip");
    const off = check("linger", { systemd: { booted: true } });
    expect(off.status).toBe("advice");
    expect(fixes(off)).toEqual([`loginctl enable-linger ${USER}`]);
    expect(check("linger", { systemd: { booted: true, linger: true } }).status).toBe("ok");
  });

  test("systemd: without a user manager the CLI starts the daemon; with one, the units are offered", () => {
    const none = check("systemd");
    expect(none.status).toBe("skip");
    const r = check("systemd", { systemd: { booted: true, userManager: true } });
    expect(r.status).toBe("advice");
    expect(r.summary).toBe(`bunker.socket and bunker.service are not installed in ${host!.home}/.config/systemd/user`);
    expect(fixes(r)).toEqual([`write ${host!.home}/.config/systemd/user/bunker.socket && write ${host!.home}/.config/systemd/user/bunker.service && systemctl --user daemon-reload && systemctl --user enable --now bunker.socket`]);
  });

  test("systemd: out-of-date units are offered again; current ones pass", async () => {
    const { systemdUnits } = await import("../../../src/setup/index.ts");
    const units = systemdUnits(["/usr/local/bin/bunker"]);
    expect(check("systemd", { systemd: { booted: true, userManager: true }, units: { ...units, "bunker.service": "old" } }).summary).toContain("bunker.service is out of date");
    expect(check("systemd", { systemd: { booted: true, userManager: true }, units }).status).toBe("ok");
  });

  test("docker CLI: the context to create, or the DOCKER_HOST line without docker", () => {
    const none = check("docker-cli");
    expect(fixes(none)).toEqual([`export DOCKER_HOST=unix:///run/user/${ME}/bunker.sock`]);
    const r = check("docker-cli", { docker: "no-context" });
    expect(fixes(r)).toEqual([`${host!.root}/usr/bin/docker context create bunker --docker host=unix:///run/user/${ME}/bunker.sock`]);
    expect(host!.runs).toContainEqual([`${host!.root}/usr/bin/docker`, "context", "inspect", "bunker"]);
    expect(check("docker-cli", { docker: "context" }).status).toBe("ok");
  });

  test("daemon config: the storage driver to pin; ok when pinned; a problem when unreadable", () => {
    const r = check("daemon-config");
    expect(r.status).toBe("advice");
    expect(r.fixes[0]!.steps).toEqual([{ kind: "daemon-config", file: host!.configFile, set: { "storage-driver": "overlay" } }]);
    expect(check("daemon-config", { daemonJson: '{"storage-driver": "overlay2"}' }).status).toBe("ok");
    const bad = check("daemon-config", { daemonJson: '{"storage-driver": 3}' });
    expect(bad.status).toBe("problem");
    expect(bad.summary).toContain("storage-driver");
  });
});
