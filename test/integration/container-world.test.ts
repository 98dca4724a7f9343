/**
 * The container world that ffi/container-init.c and ffi/exec-join.c build, seen from inside a
 * busybox container started through the test-only stand-in monitor (ffi/test-harness.c).
 * As root: no user namespace (like rootful Docker), plus a user namespace with a direct map.
 * As a user: a user namespace with the full subordinate map (newuidmap/newgidmap), and with a
 * single-id map written directly (no helpers).
 */
import { fullMaps, gid, isRoot, newgidmap, newuidmap, subgid, subuid, uid, userName } from "../helpers/id-maps.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeBusyboxRootfs, busyboxPath } from "../helpers/busybox-rootfs.ts";
import { reapHarness, runInHarness, type HarnessResult } from "../helpers/container-harness.ts";
import type { ContainerSpecRecord, IdMapRange } from "../../src/sys/index.ts";



interface Mode {
  name: string;
  /** Why it cannot run here; undefined = it runs. */
  skip?: string;
  base: Partial<ContainerSpecRecord>;
  uidMap?: IdMapRange[];
  /** Whether the container has a gid 5 (devpts gets gid=5). */
  hasTtyGroup: boolean;
}


function fullSubordinateMode(): Mode {
  const why = isRoot
    ? "runs as a non-root user (root uses no user namespace, like rootful Docker)"
    : !newuidmap || !newgidmap
      ? "newuidmap/newgidmap are not installed"
      : !subuid || !subgid
        ? `no /etc/subuid and /etc/subgid entries for ${userName}`
        : undefined;
  const { uidMap, gidMap } = fullMaps();
  return { name: "rootless, full subordinate map through newuidmap", skip: why, hasTtyGroup: true, uidMap, base: { newUserns: true, uidMap, gidMap, newuidmap, newgidmap } };
}

const modes: Mode[] = [
  { name: "root, no user namespace", skip: isRoot ? undefined : "needs root (rootful mode)", hasTtyGroup: true, base: {} },
  {
    name: "root, user namespace with a direct map",
    skip: isRoot ? undefined : "needs root to write a map of other ids without newuidmap",
    hasTtyGroup: true,
    uidMap: [{ inside: 0, outside: 100000, count: 65536 }],
    base: { newUserns: true, uidMap: [{ inside: 0, outside: 100000, count: 65536 }], gidMap: [{ inside: 0, outside: 100000, count: 65536 }] },
  },
  fullSubordinateMode(),
  {
    name: "rootless, single-id map without newuidmap",
    skip: isRoot ? "runs as a non-root user" : undefined,
    hasTtyGroup: false,
    uidMap: [{ inside: 0, outside: uid, count: 1 }],
    base: { newUserns: true, uidMap: [{ inside: 0, outside: uid, count: 1 }], gidMap: [{ inside: 0, outside: gid, count: 1 }] },
  },
];

const haveBusybox = busyboxPath !== undefined;
const fixture = haveBusybox ? makeBusyboxRootfs("bk-world-") : undefined;
afterAll(() => fixture?.cleanup());
const rootfs = fixture?.dir ?? "/nonexistent";
if (fixture) {
  mkdirSync(join(rootfs, "usr/local/sbin"), { recursive: true });
  writeFileSync(join(rootfs, "usr/local/sbin/probe-path"), "#!/bin/sh\necho found\n", { mode: 0o755 });
}

function ok(r: HarnessResult): string {
  if (r.exitCode !== 0 || r.timedOut) throw new Error(`container exited ${r.exitCode}${r.timedOut ? " (timed out)" : ""}: ${r.message}\n${r.output}`);
  return r.output;
}

const EXPECTED_DEV = ["core", "fd", "full", "mqueue", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero"];

for (const mode of modes) {
  const skip = !haveBusybox ? "busybox-static is not installed" : mode.skip;
  if (skip) console.log(`skip: container world, ${mode.name}: ${skip}`);

  describe.skipIf(skip !== undefined)(`container world: ${mode.name}`, () => {
    const spec = (args: string[], extra: Partial<ContainerSpecRecord> = {}): ContainerSpecRecord => ({
      rootfs,
      args,
      env: ["PATH=/bin", "HOME=/root"],
      hostname: "bunker-ctr",
      newNetns: true,
      ...mode.base,
      ...extra,
    });

    test("pid 1, hostname, id maps, root inside", () => {
      const out = ok(runInHarness(spec(["sh", "-c", "echo $$; hostname; id -u; cat /proc/self/uid_map"])));
      const [pid, host, id, ...maps] = out.trim().split("\n");
      expect(pid).toBe("1");
      expect(host).toBe("bunker-ctr");
      expect(id).toBe("0");
      const want = mode.uidMap?.map((m) => `${m.inside} ${m.outside} ${m.count}`) ?? ["0 0 4294967295"];
      expect(maps.map((l) => l.trim().split(/\s+/).join(" "))).toEqual(want);
    });

    test("the mount table: rootfs is /, fresh /proc, /sys, /dev with pts, shm, mqueue; the host's root is gone", () => {
      const out = ok(runInHarness(spec(["cat", "/proc/self/mountinfo"])));
      const mounts = out.trim().split("\n").map((line) => {
        const [left, right] = line.split(" - ");
        const f = (left ?? "").split(" ");
        const r = (right ?? "").split(" ");
        return { point: f[4] ?? "", options: f[5] ?? "", fstype: r[0] ?? "", super: r[2] ?? "" };
      });
      const at = (p: string) => mounts.filter((m) => m.point === p);
      expect(mounts[0]?.point).toBe("/");
      expect(at("/proc").map((m) => m.fstype)).toEqual(["proc"]);
      expect(at("/dev").map((m) => m.fstype)).toEqual(["tmpfs"]);
      expect(at("/dev")[0]?.super).toContain("mode=755");
      expect(at("/dev/pts").map((m) => m.fstype)).toEqual(["devpts"]);
      // gid=5 only when the container has a gid 5 (the kernel shows it as the host's gid).
      expect(/(^|,)gid=\d+/.test(at("/dev/pts")[0]?.super ?? "")).toBe(mode.hasTtyGroup);
      expect(at("/dev/pts")[0]?.super).toContain("ptmxmode=666");
      expect(at("/dev/shm").map((m) => m.fstype)).toEqual(["tmpfs"]);
      expect(at("/dev/shm")[0]?.options).toContain("noexec");
      expect(at("/dev/mqueue").map((m) => m.fstype)).toEqual(["mqueue"]);
      expect(at("/sys").map((m) => m.fstype)).toEqual(["sysfs"]);
      const allowed = new Set(["/", "/proc", "/sys", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", ...["null", "zero", "full", "random", "urandom", "tty"].map((d) => `/dev/${d}`)]);
      expect(mounts.map((m) => m.point).filter((p) => !allowed.has(p))).toEqual([]);
    });

    test("/dev has exactly the expected nodes and links, and they work", () => {
      const out = ok(runInHarness(spec(["sh", "-c", "ls /dev; for l in ptmx fd stdin core; do readlink /dev/$l; done; echo x > /dev/null && head -c 5 /dev/urandom | wc -c && head -c 2 /dev/zero | od -An -tx1"])));
      const lines = out.trim().split("\n");
      expect(lines.slice(0, EXPECTED_DEV.length)).toEqual(EXPECTED_DEV);
      expect(lines.slice(EXPECTED_DEV.length).map((l) => l.trim())).toEqual(["pts/ptmx", "/proc/self/fd", "/proc/self/fd/0", "/proc/kcore", "5", "00 00"]);
    });

    test("a tty: the command's terminal is /dev/pts/0, with /dev/console and the requested size", () => {
      const r = runInHarness(spec(["sh", "-c", "tty; stty size; ls /dev | grep -c console; [ -t 0 ] && echo stdin-tty"], { tty: true, consoleSize: { rows: 33, cols: 101 } }));
      expect(r.console).toBe(true);
      expect(ok(r).split("\r\n")).toEqual(["/dev/pts/0", "33 101", "1", "stdin-tty", ""]);
    });

    test("exit codes: the command's, 127 not found, 126 not executable", () => {
      expect(ok(runInHarness(spec(["true"])))).toBe("");
      const three = runInHarness(spec(["sh", "-c", "echo out; echo err >&2; exit 3"]));
      expect([three.exitCode, three.output, three.errorCode]).toEqual([3, "out\nerr\n", 0]);
      const name = runInHarness(spec(["nope"]));
      expect([name.exitCode, name.message]).toEqual([127, 'exec: "nope": executable file not found in $PATH']);
      const path = runInHarness(spec(["/x/y"]));
      expect([path.exitCode, path.message]).toEqual([127, "exec /x/y: no such file or directory"]);
      const notExec = runInHarness(spec(["/etc/passwd"]));
      expect([notExec.exitCode, notExec.message]).toEqual([126, "exec /etc/passwd: permission denied"]);
      const dir = runInHarness(spec(["/etc"]));
      expect(dir.exitCode).toBe(126);
      const killed = runInHarness(spec(["sh", "-c", "kill -9 $$"], { init: true }));
      expect(killed.exitCode).toBe(137);
    });

    test("PATH comes from the spec's environment, else the default", () => {
      // /usr/local/sbin is only on the default PATH (the fixture's script lives there).
      expect(ok(runInHarness(spec(["probe-path"], { env: [] })))).toBe("found\n");
      const narrow = runInHarness(spec(["probe-path"], { env: ["PATH=/bin"] }));
      expect([narrow.exitCode, narrow.message]).toEqual([127, 'exec: "probe-path": executable file not found in $PATH']);
      expect(ok(runInHarness(spec(["ls", "/"], { env: ["A=1", "PATH=/nowhere:/bin"] })))).toContain("bin\n");
    });

    test("a missing rootfs is 125 with the reason; a missing cwd is created; a cwd under a file is 125", () => {
      const missing = runInHarness(spec(["true"], { rootfs: "/nonexistent-rootfs" }));
      expect([missing.exitCode, missing.errorCode, missing.message]).toEqual([125, 125, "rootfs /nonexistent-rootfs: No such file or directory"]);
      const dir = `/work-${process.pid}/a/b`;
      expect(ok(runInHarness(spec(["pwd"], { cwd: dir })))).toBe(`${dir}\n`);
      const bad = runInHarness(spec(["pwd"], { cwd: "/etc/passwd/x" }));
      expect([bad.exitCode, bad.message]).toEqual([125, 'chdir to cwd "/etc/passwd/x": Not a directory']);
    });

    test("own network namespace: only lo, and it is up", () => {
      const out = ok(runInHarness(spec(["sh", "-c", "tail -n +3 /proc/net/dev | cut -d: -f1; cat /sys/class/net/lo/flags"])));
      const [dev, flags] = out.trim().split("\n");
      expect(dev?.trim()).toBe("lo");
      expect(Number(flags) & 1).toBe(1); // IFF_UP
    });

    test("the host's network namespace: /sys is the host's, read-only", () => {
      const out = ok(runInHarness(spec(["sh", "-c", "grep ' /sys ' /proc/self/mountinfo | cut -d' ' -f6; ls /sys/class/net | wc -l; touch /sys/x 2>/dev/null || echo refused"], { newNetns: false })));
      const [options, count, refused] = out.trim().split("\n");
      expect(options?.split(",")).toContain("ro");
      expect(Number(count)).toBeGreaterThanOrEqual(1);
      expect(refused).toBe("refused");
    });

    test("--init: the command is pid 2 under an init that passes its exit code", () => {
      const r = runInHarness(spec(["sh", "-c", "echo $$; exit 5"], { init: true }));
      expect([r.exitCode, r.output]).toEqual([5, "2\n"]);
    });

    test("wait-start: the process waits for GO (READY answered by the harness), then runs", () => {
      expect(ok(runInHarness(spec(["echo", "started"], { waitStart: true })))).toBe("started\n");
    });

    test("exec joins a running container: hostname, pid 1's command line, cwd, tty, errors", () => {
      const name = `exec-${process.pid}`;
      const ctr = runInHarness(spec(["sleep", "30"], { hostname: name }), { detach: true, timeoutMs: 60000 });
      try {
        expect([ctr.exitCode, ctr.message, ctr.errorCode]).toEqual([0, "", 0]);
        expect(ctr.pid).toBeGreaterThan(0);
        const exec = (args: string[], extra: Partial<ContainerSpecRecord> = {}) =>
          runInHarness({ args, env: ["PATH=/bin"], execPid: ctr.pid, ...extra });
        expect(ok(exec(["hostname"]))).toBe(`${name}\n`);
        expect(ok(exec(["cat", "/proc/1/cmdline"]))).toBe("sleep\u000030\u0000");
        const pid = exec(["sh", "-c", "echo $$; id -u; for n in mnt pid net uts ipc user; do [ $(readlink /proc/self/ns/$n) = $(readlink /proc/1/ns/$n) ] && echo same; done"]);
        const [ownPid, id, ...same] = ok(pid).trim().split("\n");
        expect(Number(ownPid)).toBeGreaterThan(1);
        expect(pid.pid).not.toBe(Number(ownPid)); // the harness reports the host's view
        expect(id).toBe("0");
        expect(same).toEqual(["same", "same", "same", "same", "same", "same"]);
        const maps = ok(exec(["cat", "/proc/self/uid_map"])).trim().split("\n").map((l) => l.trim().split(/\s+/).join(" "));
        expect(maps).toEqual(mode.uidMap?.map((m) => `${m.inside} ${m.outside} ${m.count}`) ?? ["0 0 4294967295"]);
        expect(ok(exec(["pwd"], { cwd: "/tmp" }))).toBe("/tmp\n");
        const noCwd = exec(["pwd"], { cwd: "/nope" });
        expect([noCwd.exitCode, noCwd.message]).toEqual([125, 'chdir to cwd "/nope": No such file or directory']);
        const tty = exec(["tty"], { tty: true });
        expect(tty.console).toBe(true);
        expect(ok(tty)).toMatch(/^\/dev\/pts\/\d+\r\n$/);
        const missing = exec(["nope"]);
        expect([missing.exitCode, missing.message]).toEqual([127, 'exec: "nope": executable file not found in $PATH']);
      } finally {
        if (ctr.pid > 0) {
          try {
            process.kill(ctr.pid, "SIGKILL");
          } catch {
            // already gone
          }
        }
        if (ctr.monitorPid > 0) expect(reapHarness(ctr.monitorPid)).toBe(0);
      }
    });

    test("exec into a process that is gone is 125 with the reason", () => {
      const r = runInHarness({ args: ["true"], execPid: 0x3ffffff0 });
      expect([r.exitCode, r.message]).toEqual([125, `join container: process ${0x3ffffff0} is not running`]);
    });
  });
}
