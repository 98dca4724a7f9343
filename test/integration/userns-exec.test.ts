/**
 * `bunker-monitor userns-exec HOLDER_PID -- PROGRAM ARGS...` (ffi/monitor-exe.c): a command run
 * as root inside the shared rootless user namespace, so what it creates and chowns lands on
 * the user's subordinate ids on the host. Rootless only: root uses no user namespace.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { lstatSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lookupUserName, readSubordinateIds } from "../../src/runtime/index.ts";
import { startUsernsHolder, usernsExecArgv } from "../../src/sys/index.ts";

const monitorExe = join(import.meta.dir, "../../ffi/build/bunker-monitor");
const uid = process.getuid?.() ?? -1;
const gid = process.getgid?.() ?? -1;
// Not os.userInfo(): Bun answers "unknown" without USER in the environment.
const userName = lookupUserName(uid) ?? String(uid);
const newuidmap = Bun.which("newuidmap");
const newgidmap = Bun.which("newgidmap");
const ids = uid === 0 ? undefined : readSubordinateIds({ name: userName, uid });
const subuid = ids?.uids[0];
const subgid = ids?.gids[0];

const skip =
  uid === 0
    ? "runs as a non-root user (root uses no user namespace, so there is no holder to join)"
    : !newuidmap || !newgidmap
      ? "newuidmap/newgidmap are not installed"
      : !subuid || !subgid || subuid.count < 1000 || subgid.count < 1000
        ? `no /etc/subuid and /etc/subgid ranges of at least 1000 ids for ${userName}`
        : undefined;
if (skip) console.log(`skip: userns-exec: ${skip}`);

let holder = 0;
let dir = "";
afterAll(() => {
  if (holder > 0) {
    try {
      process.kill(holder, "SIGKILL");
    } catch {}
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip !== undefined)("bunker-monitor userns-exec", () => {

  const run = (argv: string[]) => {
    const r = Bun.spawnSync([...usernsExecArgv(monitorExe, holder), ...argv], { cwd: dir, stdout: "pipe", stderr: "pipe" });
    return { code: r.exitCode, out: r.stdout.toString(), err: r.stderr.toString() };
  };

  test("runs the command as root of the holder's namespace; its chown lands on subordinate ids", () => {
    dir = mkdtempSync(join(tmpdir(), "bunker-userns-exec-"));
    holder = startUsernsHolder(monitorExe, {
      newuidmap: newuidmap!,
      newgidmap: newgidmap!,
      uidMap: [{ inside: 0, outside: uid, count: 1 }, { inside: 1, outside: subuid!.start, count: subuid!.count }],
      gidMap: [{ inside: 0, outside: gid, count: 1 }, { inside: 1, outside: subgid!.start, count: subgid!.count }],
    });
    expect(holder).toBeGreaterThan(0);

    const id = run([Bun.which("id")!, "-u"]);
    expect(id).toEqual({ code: 0, out: "0\n", err: "" });
    // The environment comes along; a program name is looked up in PATH.
    const env = Bun.spawnSync([...usernsExecArgv(monitorExe, holder), "sh", "-c", 'echo "$BUNKER_T"; id -g'], { cwd: dir, env: { ...process.env, BUNKER_T: "kept" } });
    expect(env.stdout.toString()).toBe("kept\n0\n");

    const chown = run(["sh", "-c", "touch f; chown 1000:1000 f"]);
    expect(chown).toEqual({ code: 0, out: "", err: "" });
    const st = lstatSync(join(dir, "f"));
    expect([st.uid, st.gid]).toEqual([subuid!.start + 999, subgid!.start + 999]);
    // The caller's own files are root's inside.
    expect(run(["stat", "-c", "%u:%g", "."]).out).toBe("0:0\n");
  });

  test("failures: a bad pid or a missing program, with the reason and Docker's exit codes", () => {
    expect(() => usernsExecArgv(monitorExe, 0)).toThrow("not a pid");
    const gone = Bun.spawnSync([monitorExe, "userns-exec", "999999999", "--", "true"], { stderr: "pipe" });
    expect(gone.exitCode).toBe(125);
    expect(gone.stderr.toString()).toContain("/proc/999999999/ns/user");
    const missing = run(["/nonexistent/program"]);
    expect(missing.code).toBe(127);
    expect(missing.err).toContain("exec /nonexistent/program: No such file or directory");
    const usage = Bun.spawnSync([monitorExe, "userns-exec", String(holder), "true"], { stderr: "pipe" });
    expect(usage.exitCode).toBe(125);
    expect(usage.stderr.toString()).toContain("usage:");
  });
});
