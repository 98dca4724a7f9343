import { afterAll, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockFile, SyscallError } from "../../../src/sys/index.ts";

const dir = mkdtempSync(join(tmpdir(), "bunker-lock-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshFile(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, "");
  return path;
}

function expectLocked(fd: number): SyscallError {
  let caught: unknown;
  try {
    lockFile(fd);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(SyscallError);
  const err = caught as SyscallError;
  expect(err.errno).toBe(11);
  expect(err.code).toBe("EAGAIN");
  expect(err.message).toContain("flock(");
  return err;
}

test("a second open file description cannot take the lock; closing the first frees it", () => {
  const path = freshFile("two-fds");
  const a = openSync(path, "r+");
  const b = openSync(path, "r+");
  try {
    lockFile(a);
    lockFile(a); // the holder may take it again (flock converts in place)
    expectLocked(b);
    closeSync(a);
    lockFile(b);
  } finally {
    closeSync(b);
    try { closeSync(a); } catch {}
  }
});

test("a lock held by another process makes ours fail until that process dies", async () => {
  const path = freshFile("child");
  const child = Bun.spawn([process.execPath, join(import.meta.dir, "_hold-lock.ts"), path], { stdout: "pipe", stderr: "inherit" });
  const fd = openSync(path, "r+");
  try {
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toBe("locked\n");
    expectLocked(fd);
    child.kill("SIGKILL");
    await child.exited;
    lockFile(fd);
  } finally {
    child.kill("SIGKILL");
    closeSync(fd);
  }
});

test("a bad file descriptor is an EBADF SyscallError", () => {
  for (const fd of [-1, 1.5, 987654]) {
    let caught: unknown;
    try {
      lockFile(fd);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SyscallError);
    expect((caught as SyscallError).code).toBe("EBADF");
  }
});
