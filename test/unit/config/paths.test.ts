import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, statSync } from "node:fs";
import { join } from "node:path";
import { defaultPaths, ensurePrivateDir, runtimeFiles } from "../../../src/config/index.ts";

describe("defaultPaths", () => {
  test("a user with XDG dirs", () => {
    const env = { HOME: "/home/u", XDG_RUNTIME_DIR: "/run/user/1000", XDG_DATA_HOME: "/d", XDG_CONFIG_HOME: "/c" };
    expect(defaultPaths(env, 1000)).toEqual({
      socket: "/run/user/1000/bunker.sock",
      execRoot: "/run/user/1000/bunker",
      dataRoot: "/d/bunker",
      configFile: "/c/bunker/daemon.json",
    });
  });

  test("a user without XDG dirs gets /tmp/bunker-<uid> and ~/.local, ~/.config", () => {
    expect(defaultPaths({ HOME: "/home/u" }, 1000)).toEqual({
      socket: "/tmp/bunker-1000/bunker.sock",
      execRoot: "/tmp/bunker-1000/bunker",
      dataRoot: "/home/u/.local/share/bunker",
      configFile: "/home/u/.config/bunker/daemon.json",
    });
  });

  test("root uses system locations, whatever XDG says", () => {
    expect(defaultPaths({ HOME: "/root", XDG_RUNTIME_DIR: "/run/user/0" }, 0)).toEqual({
      socket: "/run/bunker.sock",
      execRoot: "/run/bunker",
      dataRoot: "/var/lib/bunker",
      configFile: "/etc/bunker/daemon.json",
    });
  });

  test("BUNKER_* variables override each path, for users and root", () => {
    for (const uid of [0, 1000]) {
      const p = defaultPaths({ HOME: "/h", BUNKER_EXEC_ROOT: "/x/run", BUNKER_DATA_ROOT: "/x/data", BUNKER_CONFIG_FILE: "/x/c.json" }, uid);
      expect(p).toEqual({ socket: "/x/run/bunker.sock", execRoot: "/x/run", dataRoot: "/x/data", configFile: "/x/c.json" });
    }
  });

  test("runtime files sit in the exec root", () => {
    expect(runtimeFiles("/r")).toEqual({ lock: "/r/bunker.lock", pid: "/r/bunker.pid", log: "/r/bunker.log" });
  });
});

describe("ensurePrivateDir", () => {
  const base = mkdtempSync("/tmp/bk-priv-");
  const uid = process.getuid!();
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  test("creates a 0700 directory", () => {
    const dir = join(base, "new");
    ensurePrivateDir(dir, uid);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    ensurePrivateDir(dir, uid); // idempotent
  });

  test("refuses a directory others can enter", () => {
    const dir = join(base, "open");
    mkdirSync(dir);
    chmodSync(dir, 0o755);
    expect(() => ensurePrivateDir(dir, uid)).toThrow(/mode 755 lets other users in/);
  });

  test("refuses a directory owned by someone else", () => {
    const dir = join(base, "theirs");
    mkdirSync(dir, { mode: 0o700 });
    expect(() => ensurePrivateDir(dir, uid + 1)).toThrow(/belongs to uid/);
  });

  test("under another user's XDG_RUNTIME_DIR (su keeps the caller's), the refusal names the fix", () => {
    const runtimeDir = join(base, "run-user");
    mkdirSync(join(runtimeDir, "bunker"), { recursive: true, mode: 0o700 });
    const env = { XDG_RUNTIME_DIR: runtimeDir };
    expect(() => ensurePrivateDir(join(runtimeDir, "bunker"), uid + 1, env)).toThrow(
      `XDG_RUNTIME_DIR=${runtimeDir} is not a directory of uid ${uid + 1} (su and sudo keep the caller's); log in as that user (ssh, or machinectl shell USER@), or run "export XDG_RUNTIME_DIR=/run/user/${uid + 1}"`,
    );
    // Elsewhere the message stays as it was.
    expect(() => ensurePrivateDir(join(runtimeDir, "bunker"), uid + 1, {})).not.toThrow(/XDG_RUNTIME_DIR/);
  });

  test("refuses a symlink planted in its place", () => {
    const target = join(base, "target");
    mkdirSync(target, { mode: 0o700 });
    const link = join(base, "link");
    symlinkSync(target, link);
    expect(() => ensurePrivateDir(link, uid)).toThrow(/not a directory/);
  });
});
