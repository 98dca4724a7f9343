/**
 * A container whose root filesystem is an overlay mount (BUNKER_T_ROOTFS_MOUNT): the container's
 * init mounts it on the empty rootfs directory in its own mount namespace, then builds the
 * usual world on top. Run through the test-only stand-in monitor (ffi/test-harness.c).
 * As root: no user namespace. As a user: a user namespace (overlay then needs "userxattr"),
 * with the full subordinate map (newuidmap) and with a single-id map.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidArgument } from "../../src/lib/index.ts";
import { lookupUserName, readSubordinateIds } from "../../src/runtime/index.ts";
import { checkContainerSpec, encodeContainerSpec, probeOverlay, type ContainerSpecRecord } from "../../src/sys/index.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { runInHarness, type HarnessResult } from "../helpers/container-harness.ts";

const uid = process.getuid?.() ?? -1;
const gid = process.getgid?.() ?? -1;
// Not os.userInfo(): Bun answers "unknown" without USER in the environment.
const userName = lookupUserName(uid) ?? String(uid);
const isRoot = uid === 0;
const newuidmap = Bun.which("newuidmap") ?? undefined;
const newgidmap = Bun.which("newgidmap") ?? undefined;
const ids = isRoot ? undefined : readSubordinateIds({ name: userName, uid });
const subuid = ids?.uids[0];
const subgid = ids?.gids[0];

const base = mkdtempSync("/tmp/bk-rootfs-overlay-");
chmodSync(base, 0o755);
afterAll(() => {
  openUp(base); // overlayfs leaves work/work with mode 000, which stops a non-root rm
  rmSync(base, { recursive: true, force: true });
  fixture?.cleanup();
});

function openUp(dir: string): void {
  try {
    chmodSync(dir, 0o755);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (lstatSync(path).isDirectory()) openUp(path);
    }
  } catch {}
}

// Whether overlay mounts here at all (in a user namespace when rootless), with the probe's reason.
const probeDir = join(base, "probe");
for (const sub of ["lower", "upper", "work", "merged"]) mkdirSync(join(probeDir, sub), { recursive: true });
const probe = probeOverlay(probeDir, !isRoot);
const overlaySkip = probe.ok ? undefined : `overlayfs cannot be mounted here${isRoot ? "" : " in a user namespace"}: ${probe.reason}`;

const fixture = busyboxPath ? makeBusyboxRootfs("bk-overlay-lower-") : undefined;

let count = 0;
/** lowerdir=top:bottom (bottom: busybox; top: /from-lower), upper with /from-upper, work, merged (empty). */
function layers(): { top: string; bottom: string; upper: string; work: string; merged: string } {
  const dir = join(base, `c${count++}`);
  const l = { top: join(dir, "lower-top"), bottom: fixture!.dir, upper: join(dir, "upper"), work: join(dir, "work"), merged: join(dir, "merged") };
  for (const d of [l.top, l.upper, l.work, l.merged]) mkdirSync(d, { recursive: true, mode: 0o755 });
  writeFileSync(join(l.top, "from-lower"), "lower\n");
  writeFileSync(join(l.upper, "from-upper"), "upper\n");
  return l;
}

interface Mode {
  name: string;
  skip?: string;
  base: Partial<ContainerSpecRecord>;
  userxattr: boolean;
}

const modes: Mode[] = [
  { name: "root, no user namespace", skip: isRoot ? undefined : "needs root (rootful mode)", base: {}, userxattr: false },
  {
    name: "rootless, full subordinate map through newuidmap",
    skip: isRoot ? "runs as a non-root user" : !newuidmap || !newgidmap ? "newuidmap/newgidmap are not installed" : !subuid || !subgid ? `no /etc/subuid and /etc/subgid entries for ${userName}` : undefined,
    base: {
      newUserns: true,
      uidMap: [{ inside: 0, outside: uid, count: 1 }, ...(subuid ? [{ inside: 1, outside: subuid.start, count: subuid.count }] : [])],
      gidMap: [{ inside: 0, outside: gid, count: 1 }, ...(subgid ? [{ inside: 1, outside: subgid.start, count: subgid.count }] : [])],
      newuidmap,
      newgidmap,
    },
    userxattr: true,
  },
  {
    name: "rootless, single-id map",
    skip: isRoot ? "runs as a non-root user" : undefined,
    base: { newUserns: true, uidMap: [{ inside: 0, outside: uid, count: 1 }], gidMap: [{ inside: 0, outside: gid, count: 1 }] },
    userxattr: true,
  },
];

function ok(r: HarnessResult): string {
  if (r.exitCode !== 0 || r.timedOut) throw new Error(`container exited ${r.exitCode}${r.timedOut ? " (timed out)" : ""}: ${r.message}\n${r.output}`);
  return r.output;
}

for (const mode of modes) {
  const skip = !fixture ? "busybox-static is not installed" : (mode.skip ?? overlaySkip);
  if (skip) console.log(`skip: rootfs overlay, ${mode.name}: ${skip}`);

  describe.skipIf(skip !== undefined)(`rootfs overlay: ${mode.name}`, () => {
    const spec = (l: ReturnType<typeof layers>, args: string[], options?: string): ContainerSpecRecord => ({
      rootfs: l.merged,
      args,
      env: ["PATH=/bin", "HOME=/root"],
      newNetns: true,
      ...mode.base,
      rootfsMount: {
        type: "overlay",
        source: "overlay",
        options: options ?? `lowerdir=${l.top}:${l.bottom},upperdir=${l.upper},workdir=${l.work}${mode.userxattr ? ",userxattr" : ""}`,
      },
    });

    test("the container sees both lowers and the upper; what it writes lands in the upper", () => {
      const l = layers();
      const out = ok(runInHarness(spec(l, ["sh", "-c", `cat /from-upper /from-lower; touch /new; awk '$5 == "/" { sub(/.* - /, ""); print $1 }' /proc/self/mountinfo`])));
      expect(out).toBe("upper\nlower\noverlay\n");
      expect(existsSync(join(l.upper, "new"))).toBe(true);
      expect(existsSync(join(l.top, "new")) || existsSync(join(l.bottom, "new"))).toBe(false);
      // The mount lived in the container's mount namespace only.
      expect(readdirSync(l.merged)).toEqual([]);
      expect(readFileSync("/proc/self/mountinfo", "utf8")).not.toContain(l.merged);
    });

    test("a mount the kernel refuses is 125 with the reason", () => {
      const l = layers();
      const r = runInHarness(spec(l, ["true"], `lowerdir=${join(l.top, "missing")},upperdir=${l.upper},workdir=${l.work}${mode.userxattr ? ",userxattr" : ""}`));
      expect(r.exitCode).toBe(125);
      expect(r.message).toStartWith(`mount the rootfs (overlay) on ${l.merged}: `);
    });
  });
}

describe("rootfs mount records", () => {
  const rec = (options: string, extra: Partial<ContainerSpecRecord> = {}): Buffer =>
    encodeContainerSpec({ rootfs: "/r", args: ["true"], rootfsMount: { type: "overlay", source: "overlay", options }, ...extra });

  test("three strings back to back under tag 29", () => {
    const buf = rec("lowerdir=/a:/b,upperdir=/u,workdir=/w,userxattr");
    const tail = Buffer.from("overlay\0overlay\0lowerdir=/a:/b,upperdir=/u,workdir=/w,userxattr\0");
    const at = buf.length - tail.length;
    expect(buf.readUInt16LE(at - 8)).toBe(29);
    expect(buf.readUInt32LE(at - 4)).toBe(tail.length);
    expect(buf.subarray(at).equals(tail)).toBe(true);
    checkContainerSpec(buf);
    checkContainerSpec(rec(""));
  });

  test("options longer than a page are refused with the reason; a rootfs is needed", () => {
    const page = 4096;
    checkContainerSpec(rec("x".repeat(page - 1)));
    expect(() => checkContainerSpec(rec("x".repeat(page * 16)))).toThrow(InvalidArgument);
    expect(() => checkContainerSpec(rec("x".repeat(page * 16)))).toThrow(/rootfs mount options are 65536 bytes, longer than mount\(2\) takes \(one page: \d+ bytes\)/);
    expect(() => checkContainerSpec(encodeContainerSpec({ args: ["true"], execPid: 1, rootfsMount: { type: "overlay", source: "overlay", options: "" } }))).toThrow(/needs a rootfs/);
    expect(() => checkContainerSpec(encodeContainerSpec({ rootfs: "/r", args: ["true"], rootfsMount: { type: "", source: "overlay", options: "" } }))).toThrow(/no filesystem type/);
  });
});
