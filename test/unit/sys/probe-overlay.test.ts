import { afterAll, expect, test } from "bun:test";
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import { join } from "node:path";
import { probeOverlay, probeUserNamespace, SyscallError } from "../../../src/sys/index.ts";

const isRoot = process.getuid?.() === 0;
const [major = 0, minor = 0] = release().split(".").map((n) => Number.parseInt(n, 10));
const kernelHasUserxattr = major > 5 || (major === 5 && minor >= 11);
const userns = probeUserNamespace();

const base = mkdtempSync(join(tmpdir(), "bunker-overlay-"));
afterAll(() => {
  openUp(base); // overlayfs leaves work/work with mode 000, which stops a non-root rm
  rmSync(base, { recursive: true, force: true });
});

function openUp(dir: string): void {
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (lstatSync(path).isDirectory()) openUp(path);
  }
}

let count = 0;
function overlayDir(): string {
  const dir = join(base, `probe${count++}`);
  for (const sub of ["lower", "upper", "work", "merged"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "lower", "file"), "lower\n");
  return dir;
}

function mountedHere(dir: string): boolean {
  return readFileSync("/proc/self/mountinfo", "utf8").includes(dir);
}

function skipping(name: string, reason: string | undefined): string {
  if (reason) console.log(`skip: ${name}: ${reason}`);
  return name;
}

const rootReason = isRoot ? undefined : "needs root (a mount namespace without a user namespace)";
test.skipIf(!isRoot)(skipping("as root, overlay mounts without a user namespace", rootReason), () => {
  const dir = overlayDir();
  expect(probeOverlay(dir, false)).toEqual({ ok: true });
  expect(mountedHere(dir)).toBe(false); // the mount died with the probe's namespace
  expect(readdirSync(join(dir, "merged"))).toEqual([]);
});

const usernsReason = !kernelHasUserxattr
  ? `kernel ${release()} is older than 5.11 (no overlay "userxattr" in user namespaces)`
  : !userns.ok
    ? `no user namespaces here: ${userns.reason}`
    : undefined;
test.skipIf(usernsReason !== undefined)(skipping("overlay mounts inside a user namespace (rootless)", usernsReason), () => {
  const dir = overlayDir();
  const result = probeOverlay(dir, true);
  if (!result.ok) throw new Error(`probeOverlay failed on kernel ${release()}: ${result.reason}`);
  expect(mountedHere(dir)).toBe(false);
});

const nonRootReason = isRoot ? "root may create a mount namespace directly" : undefined;
test.skipIf(isRoot)(skipping("as a user, overlay without a user namespace fails at unshare", nonRootReason), () => {
  const result = probeOverlay(overlayDir(), false);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.reason).toBe("unshare(CLONE_NEWNS): Operation not permitted");
    expect(result.code).toBe("EPERM");
  }
});

test("a missing merged/ fails at the mount step with ENOENT", () => {
  const dir = join(base, "missing");
  // Whichever mode can get as far as mount() here.
  const result = probeOverlay(dir, !isRoot);
  expect(result.ok).toBe(false);
  if (!result.ok && (isRoot || userns.ok)) {
    expect(result.reason).toBe(`mount overlay on ${dir}/merged: No such file or directory`);
    expect(result.code).toBe("ENOENT");
  }
});

test("paths overlayfs cannot express are refused before forking", () => {
  for (const dir of ["relative/dir", join(base, "a,b"), join(base, "a:b")]) {
    const result = probeOverlay(dir, true);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.code).toBe("EINVAL");
  }
  expect(() => probeOverlay("/tmp/a\0b", true)).toThrow(SyscallError);
});
