/**
 * The hardening steps (ffi/harden-mounts.c, ffi/harden-process.c, ffi/init-loop.c), seen from
 * inside a busybox container started through the test-only stand-in monitor
 * (ffi/test-harness.c): user mounts, masked and read-only paths, a read-only root,
 * capabilities, ids and groups, rlimits, no_new_privs, seccomp, and the --init process.
 * As root: no user namespace (rootful), and a user namespace with a direct map of 65536 ids.
 * As a user: a user namespace with the full subordinate map, and a single-id map.
 */
import { fullMaps, gid, isRoot, newgidmap, newuidmap, subgid, subuid, uid, userName } from "../helpers/id-maps.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeBusyboxRootfs, busyboxPath } from "../helpers/busybox-rootfs.ts";
import { runInHarness, type HarnessResult } from "../helpers/container-harness.ts";
import type { ContainerSpecRecord, IdMapRange } from "../../src/sys/index.ts";
import { capabilityMask, defaultCapabilities, capabilityNumbers, maskedPaths, readonlyPaths } from "../../src/runtime/index.ts";



interface Mode {
  name: string;
  skip?: string;
  base: Partial<ContainerSpecRecord>;
  /** uid/gid 1000 and 2000 exist in the container (more than a single-id map). */
  manyIds: boolean;
  userns: boolean;
  /** The gid map was written directly, after "deny" to /proc/PID/setgroups. */
  setgroupsDenied: boolean;
}


function fullSubordinateMode(): Mode {
  const why = isRoot
    ? "runs as a non-root user"
    : !newuidmap || !newgidmap
      ? "newuidmap/newgidmap are not installed"
      : !subuid || !subgid || subuid.count < 2001 || subgid.count < 2001
        ? `no /etc/subuid and /etc/subgid entries of 2001 ids or more for ${userName}`
        : undefined;
  const { uidMap, gidMap } = fullMaps();
  return { name: "rootless, full subordinate map", skip: why, manyIds: true, userns: true, setgroupsDenied: false, base: { newUserns: true, uidMap, gidMap, newuidmap, newgidmap } };
}

const direct: IdMapRange[] = [{ inside: 0, outside: 100000, count: 65536 }];
const modes: Mode[] = [
  { name: "root, no user namespace", skip: isRoot ? undefined : "needs root (rootful mode)", manyIds: true, userns: false, setgroupsDenied: false, base: {} },
  {
    name: "root, user namespace with a direct map",
    skip: isRoot ? undefined : "needs root to write a map of other ids without newuidmap",
    manyIds: true,
    userns: true,
    setgroupsDenied: true,
    base: { newUserns: true, uidMap: direct, gidMap: direct },
  },
  fullSubordinateMode(),
  {
    name: "rootless, single-id map",
    skip: isRoot ? "runs as a non-root user" : undefined,
    manyIds: false,
    userns: true,
    setgroupsDenied: true,
    base: { newUserns: true, uidMap: [{ inside: 0, outside: uid, count: 1 }], gidMap: [{ inside: 0, outside: gid, count: 1 }] },
  },
];

const haveBusybox = busyboxPath !== undefined;
const fixture = haveBusybox ? makeBusyboxRootfs("bk-harden-") : undefined;
const scratch = mkdtempSync("/tmp/bk-harden-host-");
chmodSync(scratch, 0o755);
const marker = `bunker-harden-${process.pid}`;
afterAll(() => {
  fixture?.cleanup();
  try {
    rmSync(scratch, { recursive: true, force: true });
  } catch {
    // files a container made as a subordinate uid
  }
});
const rootfs = fixture?.dir ?? "/nonexistent";
if (fixture) {
  // Symlinks in the image that point out of it, as the host would read them.
  symlinkSync("/etc", join(rootfs, "escape-abs"));
  symlinkSync("../../../../../../../../etc", join(rootfs, "escape-rel"));
}

const capLastCap = Number(readFileSync("/proc/sys/kernel/cap_last_cap", "utf8").trim());
const knownCaps = (1n << BigInt(capLastCap + 1)) - 1n;
/** What this process holds: without a user namespace, a container cannot get more. */
const hostCaps = BigInt(`0x${/^CapPrm:\s*([0-9a-f]+)/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? "0"}`);
const dockerCaps = capabilityMask([...defaultCapabilities]);
const hex = (mask: bigint) => mask.toString(16).padStart(16, "0");

function ok(r: HarnessResult): string {
  if (r.exitCode !== 0 || r.timedOut) throw new Error(`container exited ${r.exitCode}${r.timedOut ? " (timed out)" : ""}: ${r.message}\n${r.output}`);
  return r.output;
}

function statusLines(out: string, prefix: RegExp): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of out.split("\n")) {
    const [k, v] = line.split(":\t");
    if (k && v !== undefined && prefix.test(k)) fields[k] = v.trim();
  }
  return fields;
}

/** Mount points and their per-mount options, from /proc/self/mountinfo. */
function mountTable(out: string): { point: string; options: string[]; fstype: string }[] {
  return out.trim().split("\n").filter((l) => l.includes(" - ")).map((line) => {
    const [left, right] = line.split(" - ");
    const f = (left ?? "").split(" ");
    return { point: f[4] ?? "", options: (f[5] ?? "").split(","), fstype: (right ?? "").split(" ")[0] ?? "" };
  });
}

/** A tiny seccomp filter by hand: unshare(2) fails with EPERM, everything else is allowed. */
function denyUnshareFilter(): Buffer | undefined {
  const arch = process.arch === "x64" ? { audit: 0xc000003e, nr: 272 } : process.arch === "arm64" ? { audit: 0xc00000b7, nr: 97 } : undefined;
  if (!arch) return undefined;
  const LD_W_ABS = 0x20, JEQ_K = 0x15, RET_K = 0x06;
  const ERRNO_EPERM = 0x00050000 | 1, ALLOW = 0x7fff0000, KILL_PROCESS = 0x80000000;
  const prog: [number, number, number, number][] = [
    [LD_W_ABS, 0, 0, 4], // seccomp_data.arch
    [JEQ_K, 1, 0, arch.audit],
    [RET_K, 0, 0, KILL_PROCESS],
    [LD_W_ABS, 0, 0, 0], // seccomp_data.nr
    [JEQ_K, 0, 1, arch.nr],
    [RET_K, 0, 0, ERRNO_EPERM],
    [RET_K, 0, 0, ALLOW],
  ];
  const buf = Buffer.alloc(prog.length * 8);
  prog.forEach(([code, jt, jf, k], i) => {
    buf.writeUInt16LE(code, i * 8);
    buf.writeUInt8(jt, i * 8 + 2);
    buf.writeUInt8(jf, i * 8 + 3);
    buf.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return buf;
}

function shellOut(cmd: string): string {
  return Bun.spawnSync(["sh", "-c", cmd]).stdout.toString().trim();
}

const lockedCandidates = ["/dev/shm", `/run/user/${uid}`, "/dev/mqueue", "/run", "/tmp"];

/** A host mount with nosuid, nodev or noexec among the candidates (for a non-root user). */
function lockedCandidate(): string | undefined {
  for (const line of readFileSync("/proc/self/mountinfo", "utf8").split("\n")) {
    const f = line.split(" ");
    const point = f[4] ?? "";
    const opts = (f[5] ?? "").split(",");
    if (lockedCandidates.includes(point) && opts.some((o) => o === "nosuid" || o === "nodev" || o === "noexec")) return point;
  }
  return undefined;
}

/** Why the locked-flags test cannot run here; undefined = it can. */
function lockedSkipReason(m: Mode): string | undefined {
  if (!m.userns) return "the kernel locks mount flags only in a user namespace";
  if (isRoot || lockedCandidate()) return undefined;
  return `no mount among ${lockedCandidates.join(", ")} has nosuid, nodev or noexec here (root makes one)`;
}

/** A host mount with nosuid/nodev/noexec that a user namespace cannot clear (locked flags). */
function lockedFlagSource(): { dir: string; cleanup: () => void } | string {
  if (isRoot) {
    const dir = mkdtempSync("/tmp/bk-harden-locked-");
    const r = Bun.spawnSync(["mount", "-t", "tmpfs", "-o", "nosuid,nodev,noexec,size=1m", "tmpfs", dir]);
    if (r.exitCode !== 0) return `mount tmpfs: ${r.stderr.toString().trim()}`;
    chmodSync(dir, 0o755);
    return { dir, cleanup: () => { Bun.spawnSync(["umount", dir]); rmSync(dir, { recursive: true, force: true }); } };
  }
  const point = lockedCandidate();
  return point ? { dir: point, cleanup: () => {} } : `no mount among ${lockedCandidates.join(", ")} has nosuid, nodev or noexec here`;
}

for (const mode of modes) {
  const skip = !haveBusybox ? "busybox-static is not installed" : mode.skip;
  if (skip) console.log(`skip: container hardening, ${mode.name}: ${skip}`);

  describe.skipIf(skip !== undefined)(`container hardening: ${mode.name}`, () => {
    const spec = (args: string[], extra: Partial<ContainerSpecRecord> = {}): ContainerSpecRecord => ({
      rootfs,
      args,
      env: ["PATH=/bin", "HOME=/root"],
      newNetns: true,
      capabilities: dockerCaps,
      ...mode.base,
      ...extra,
    });
    const caps = (extra: Partial<ContainerSpecRecord> = {}) =>
      statusLines(ok(runInHarness(spec(["cat", "/proc/self/status"], extra))), /^(Cap|NoNewPrivs|Seccomp$)/);

    test("root gets Docker's default capabilities: a80425fb in every set but inheritable and ambient", () => {
      expect(hex(dockerCaps)).toBe("00000000a80425fb");
      expect(caps()).toEqual({ CapInh: "0".repeat(16), CapPrm: "00000000a80425fb", CapEff: "00000000a80425fb", CapBnd: "00000000a80425fb", CapAmb: "0".repeat(16), NoNewPrivs: "0", Seccomp: "0" });
    });

    test("cap-add and cap-drop change the sets, and dropped capabilities stop working", () => {
      const mask = (dockerCaps & ~capabilityMask(["CHOWN", "NET_RAW"])) | capabilityMask(["SYS_ADMIN"]);
      const got = caps({ capabilities: mask });
      expect([got.CapEff, got.CapPrm, got.CapBnd]).toEqual([hex(mask), hex(mask), hex(mask)]);
      if (!mode.manyIds) return; // chown to an unmapped id fails anyway
      const script = "f=$(mktemp) && chown 1000:1000 $f && echo chowned";
      expect(ok(runInHarness(spec(["sh", "-c", script])))).toBe("chowned\n");
      const denied = runInHarness(spec(["sh", "-c", script], { capabilities: mask }));
      expect(denied.exitCode).not.toBe(0);
      expect(denied.output).toContain("Operation not permitted");
    });

    test("privileged (every capability): the full mask this kernel knows, less what the host withholds", () => {
      const all = capabilityMask(Object.keys(capabilityNumbers)) & knownCaps & (mode.userns ? knownCaps : hostCaps);
      const got = caps({ capabilities: capabilityMask(Object.keys(capabilityNumbers)) });
      expect([got.CapEff, got.CapPrm, got.CapBnd, got.CapInh]).toEqual([hex(all), hex(all), hex(all), "0".repeat(16)]);
    });

    test("no_new_privs only when asked", () => {
      expect(caps({ noNewPrivileges: true }).NoNewPrivs).toBe("1");
      expect(caps({ noNewPrivileges: false }).NoNewPrivs).toBe("0");
    });

    test("rlimits: soft and hard limits are set; raising the hard limit in a user namespace is refused with the reason", () => {
      const out = ok(runInHarness(spec(["sh", "-c", "ulimit -n; ulimit -Hn; ulimit -Hu"], { rlimits: [{ resource: 7, soft: 321n, hard: 654n }, { resource: 6, soft: 5000n, hard: 5000n }] })));
      expect(out).toBe("321\n654\n5000\n");
      if (!mode.userns) return;
      const hard = shellOut("ulimit -Hn");
      const nrOpen = Number(readFileSync("/proc/sys/fs/nr_open", "utf8"));
      if (hard === "unlimited" || Number(hard) + 1 > nrOpen) {
        console.log(`skip: raising RLIMIT_NOFILE: the hard limit ${hard} cannot be raised below fs.nr_open ${nrOpen}`);
        return;
      }
      const want = BigInt(Number(hard) + 1);
      const r = runInHarness(spec(["true"], { rlimits: [{ resource: 7, soft: want, hard: want }] }));
      expect([r.exitCode, r.message]).toEqual([125, `setrlimit RLIMIT_NOFILE ${want}:${want}: Operation not permitted`]);
    });

    test("-u 1000:1000 with supplementary groups: the ids, and no capabilities left (as Docker shows)", () => {
      const user = { uid: 1000, gid: 1000, groups: [1000, 2000] };
      if (!mode.manyIds) {
        const r = runInHarness(spec(["id"], user));
        expect([r.exitCode, r.message]).toEqual([125, "setresgid 1000: Invalid argument"]);
        return;
      }
      // Where setgroups is denied (a gid map written without newgidmap) the groups are skipped.
      const groups = mode.setgroupsDenied ? "" : " groups=1000(worker),2000(extra)";
      expect(ok(runInHarness(spec(["id"], user)))).toBe(`uid=1000(worker) gid=1000(worker)${groups}\n`);
      const got = caps(user);
      expect(got).toEqual({ CapInh: "0".repeat(16), CapPrm: "0".repeat(16), CapEff: "0".repeat(16), CapBnd: "00000000a80425fb", CapAmb: "0".repeat(16), NoNewPrivs: "0", Seccomp: "0" });
      // The groups really are set for root too: only the ones asked for.
      if (!mode.setgroupsDenied) expect(ok(runInHarness(spec(["id", "-G"], { groups: [2000] })))).toBe("0 2000\n");
    });

    test("supplementary groups are skipped (not an error) where setgroups is denied", () => {
      const setgroups = ok(runInHarness(spec(["cat", "/proc/self/setgroups"]))).trim();
      expect(setgroups).toBe(mode.setgroupsDenied ? "deny" : "allow");
      const r = runInHarness(spec(["id", "-G"], { groups: [0, 2000] }));
      expect([r.exitCode, r.message]).toEqual([0, ""]);
      if (mode.setgroupsDenied) expect(r.output.trim().split(" ")).not.toContain("2000");
      else expect(r.output).toBe("0 2000\n");
    });

    test("masked paths: files read empty, directories are empty read-only tmpfs, missing ones are skipped", () => {
      const files = ["/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/interrupts"].filter((p) => existsSync(p));
      const dirs = ["/proc/acpi", "/sys/firmware", "/proc/scsi", "/proc/asound"].filter((p) => existsSync(p));
      if (files.length === 0 || dirs.length === 0) console.log(`note: masked paths on this host: files ${files.join(" ") || "none"}, dirs ${dirs.join(" ") || "none"}`);
      const script = [
        ...files.map((f) => `echo "${f} $(wc -c < ${f})"`),
        ...dirs.map((d) => `echo "${d} $(ls -A ${d} | wc -l)"; touch ${d}/x 2>/dev/null && echo "${d} writable"`),
        "cat /proc/self/mountinfo",
      ].join("; ");
      const out = ok(runInHarness(spec(["sh", "-c", script], { maskedPaths })));
      for (const f of files) expect(out).toContain(`${f} 0\n`);
      for (const d of dirs) {
        expect(out).toContain(`${d} 0\n`);
        expect(out).not.toContain(`${d} writable`);
        const m = mountTable(out).filter((x) => x.point === d);
        expect(m.map((x) => x.fstype)).toEqual(["tmpfs"]);
        expect(m[0]?.options).toContain("ro");
      }
      // Control: without the list nothing is masked (a user namespace sees /proc/keys empty anyway).
      if (files[0] && !mode.userns) expect(ok(runInHarness(spec(["sh", "-c", `wc -c < ${files[0]}`])))).not.toBe("0\n");
    });

    test("read-only paths: /proc/sys refuses writes; without the list it takes them", () => {
      const write = "echo bunker > /proc/sys/kernel/domainname && cat /proc/sys/kernel/domainname; grep ' /proc/sys ' /proc/self/mountinfo | cut -d' ' -f6";
      const ro = runInHarness(spec(["sh", "-c", write], { readonlyPaths }));
      expect(ro.output).toContain("Read-only file system");
      expect(ro.output.trim().split("\n").at(-1)?.split(",")).toContain("ro");
      const sysrq = ok(runInHarness(spec(["sh", "-c", "grep ' /proc/sysrq-trigger ' /proc/self/mountinfo | cut -d' ' -f6"], { readonlyPaths })));
      if (existsSync("/proc/sysrq-trigger")) expect(sysrq.trim().split(",")).toContain("ro");
      // Control: root of the host may write there without the list (a user namespace's root may not).
      if (!mode.userns) expect(runInHarness(spec(["sh", "-c", write])).output.split("\n")[0]).toBe("bunker");
    });

    test("read-only rootfs: / refuses writes, a tmpfs mount on it is writable", () => {
      const out = runInHarness(spec(["sh", "-c", "touch /x 2>&1; touch /scratch/y && echo tmpfs-ok; grep ' / ' /proc/self/mountinfo | cut -d' ' -f6"], {
        readonlyRootfs: true,
        mounts: [{ kind: "tmpfs", source: "tmpfs", target: "/scratch", data: "size=1m,mode=1777", nosuid: true, nodev: true, noexec: true }],
      }));
      expect(out.exitCode).toBe(0);
      const lines = out.output.trim().split("\n");
      expect(lines[0]).toContain("Read-only file system");
      expect(lines[1]).toBe("tmpfs-ok");
      expect(lines[2]?.split(",")).toContain("ro");
    });

    test("binds: read-write and read-only, of a directory and of a file (target created)", () => {
      const dir = mkdtempSync(join(scratch, "bind-"));
      chmodSync(dir, 0o777);
      writeFileSync(join(dir, "hello"), "from host\n");
      chmodSync(join(dir, "hello"), 0o666);
      const out = ok(runInHarness(spec(["sh", "-c", "cat /ro/hello; touch /ro/new 2>&1; echo inside > /rw/made; cat /deep/er/file; echo appended >> /deep/er/file; grep -E ' /(ro|rw) ' /proc/self/mountinfo | cut -d' ' -f5,6"], {
        mounts: [
          { kind: "bind", source: dir, target: "/ro", readonly: true, recursive: true },
          { kind: "bind", source: dir, target: "/rw", recursive: true },
          { kind: "bind", source: join(dir, "hello"), target: "/deep/er/file", recursive: true },
        ],
      })));
      const lines = out.trim().split("\n");
      expect(lines[0]).toBe("from host");
      expect(lines[1]).toContain("Read-only file system");
      expect(lines[2]).toBe("from host");
      expect(lines.slice(3).sort()).toEqual([expect.stringMatching(/^\/ro ro(,|$)/), expect.stringMatching(/^\/rw rw(,|$)/)]);
      expect(readFileSync(join(dir, "made"), "utf8")).toBe("inside\n");
      expect(readFileSync(join(dir, "hello"), "utf8")).toBe("from host\nappended\n");
      expect(existsSync(join(rootfs, "deep/er/file"))).toBe(true);
    });

    test("a bind whose source does not exist fails with a clear message", () => {
      const r = runInHarness(spec(["true"], { mounts: [{ kind: "bind", source: `/nonexistent-${marker}`, target: "/data", recursive: true }] }));
      expect([r.exitCode, r.message]).toEqual([125, `bind source path does not exist: /nonexistent-${marker}`]);
    });

    test("symlinks in the rootfs cannot send a mount target out of it", () => {
      const out = ok(runInHarness(spec(["sh", "-c", `ls -d /etc/${marker}-a /etc/${marker}-b; grep ${marker} /proc/self/mountinfo | cut -d' ' -f5`], {
        mounts: [
          { kind: "tmpfs", source: "tmpfs", target: `/escape-abs/${marker}-a`, data: "size=1m" },
          { kind: "bind", source: scratch, target: `/escape-rel/${marker}-b`, recursive: true },
        ],
      })));
      expect(existsSync(`/etc/${marker}-a`)).toBe(false);
      expect(existsSync(`/etc/${marker}-b`)).toBe(false);
      expect(existsSync(join(rootfs, `etc/${marker}-a`))).toBe(true);
      expect(existsSync(join(rootfs, `etc/${marker}-b`))).toBe(true);
      expect(out.trim().split("\n")).toEqual([`/etc/${marker}-a`, `/etc/${marker}-b`, `/etc/${marker}-a`, `/etc/${marker}-b`]);
    });

    const lockedSkip = lockedSkipReason(mode);
    if (lockedSkip && !skip) console.log(`skip: locked mount flags, ${mode.name}: ${lockedSkip}`);
    test.skipIf(lockedSkip !== undefined)("a read-only bind of a mount with locked nosuid/nodev/noexec keeps them", () => {
      const src = lockedFlagSource();
      if (typeof src === "string") throw new Error(src);
      try {
        const out = ok(runInHarness(spec(["sh", "-c", "grep ' /tmp/locked ' /proc/self/mountinfo | cut -d' ' -f6"], {
          mounts: [{ kind: "bind", source: src.dir, target: "/tmp/locked", readonly: true, recursive: true }],
        })));
        const opts = out.trim().split(",");
        expect(opts).toContain("ro");
        const host = readFileSync("/proc/self/mountinfo", "utf8").split("\n").find((l) => l.split(" ")[4] === src.dir)?.split(" ")[5]?.split(",") ?? [];
        for (const flag of ["nosuid", "nodev", "noexec"]) if (host.includes(flag)) expect(opts).toContain(flag);
      } finally {
        src.cleanup();
      }
    });

    test("--init: pid 1 is the init, the command is its child and gets its exit code through", () => {
      const out = runInHarness(spec(["sh", "-c", "echo $$ $PPID; grep PPid /proc/1/status | cut -f2; exit 42"], { init: true }));
      expect([out.exitCode, out.output]).toEqual([42, "2 1\n0\n"]);
    });

    test("--init forwards signals sent to pid 1 (TERM, USR1) to the command", () => {
      const term = runInHarness(spec(["sh", "-c", "trap 'echo got TERM; exit 7' TERM; kill -TERM 1; sleep 5 & wait"], { init: true }));
      expect([term.exitCode, term.output]).toEqual([7, "got TERM\n"]);
      const wait = "i=0; while [ -z \"$got\" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done";
      const usr1 = runInHarness(spec(["sh", "-c", `trap 'echo got USR1; got=1' USR1; kill -USR1 1; ${wait}; echo after`], { init: true }));
      expect([usr1.exitCode, usr1.output]).toEqual([0, "got USR1\nafter\n"]);
      // Uncaught: the command dies of the signal, init reports 128+signal.
      const killed = runInHarness(spec(["sh", "-c", "kill -TERM 1; sleep 5"], { init: true }));
      expect(killed.exitCode).toBe(143);
    }, 30000);

    test("--init reaps orphans: no zombies are left", () => {
      const script = "(sleep 0.2 &); (sleep 0.1 & exec true); sleep 0.8; grep -l '^State:.*Z' /proc/[0-9]*/status | wc -l; grep -h '^PPid' /proc/[0-9]*/status | sort | uniq -c | wc -l";
      const out = runInHarness(spec(["sh", "-c", script], { init: true }));
      expect(out.exitCode).toBe(0);
      expect(out.output.split("\n")[0]).toBe("0");
    });

    const filter = denyUnshareFilter();
    test.skipIf(!filter)("seccomp: a hand-written filter makes unshare fail with EPERM, before and after the uid change", () => {
      if (!filter) return;
      const probe = "grep '^Seccomp:' /proc/self/status | cut -f2; unshare -U true && echo unshared || echo refused";
      const control = ok(runInHarness(spec(["sh", "-c", probe])));
      expect(control).toBe("0\nunshared\n");
      const refused = "2\nunshare: unshare(0x10000000): Operation not permitted\nrefused\n";
      expect(ok(runInHarness(spec(["sh", "-c", probe], { seccomp: filter })))).toBe(refused);
      expect(ok(runInHarness(spec(["sh", "-c", probe], { seccomp: filter, noNewPrivileges: true })))).toBe(refused);
      if (!mode.manyIds) return;
      const user = { uid: 1000, gid: 1000, groups: [1000] };
      expect(ok(runInHarness(spec(["sh", "-c", probe], { ...user, seccomp: filter })))).toBe(refused);
      expect(ok(runInHarness(spec(["sh", "-c", probe], { ...user, seccomp: filter, noNewPrivileges: true })))).toBe(refused);
      expect(ok(runInHarness(spec(["sh", "-c", probe], user)))).toBe("0\nunshared\n");
    });
  });
}
