import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { compiledBinary, runBunker } from "../helpers/bunker-command.ts";
import { lookupUserName, readSubordinateIds } from "../../src/runtime/index.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : "";
if (skipReason) console.log(`skip: bunker run tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-run-");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[]) => runBunker("binary", args, dirs.env);
const run = (args: string[]) => bunker(["run", "--rm", "--rootfs", rootfs.dir, ...args]);
const uid = process.getuid!();

function subordinateStart(): string | undefined {
  const start = readSubordinateIds({ name: lookupUserName(uid) ?? String(uid), uid }).uids[0]?.start;
  return start === undefined ? undefined : String(start);
}

describe.skipIf(!!skipReason)("bunker run with the compiled binary", () => {
  beforeAll(() => {
    rootfs = makeBusyboxRootfs();
    writeFileSync(`${rootfs.dir}/bin/not-exec`, "#!/bin/sh\necho no\n");
    chmodSync(`${rootfs.dir}/bin/not-exec`, 0o644);
  });
  afterAll(async () => {
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs.cleanup();
  });

  test("echo hello, and the container is gone after --rm", async () => {
    const r = await run(["echo", "hello"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("hello\n");
    expect(r.code).toBe(0);
    expect((await bunker(["ps", "-aq"])).stdout).toBe("");
  });

  test("exit codes as docker's: the process's, 127 not found, 126 not executable", async () => {
    expect((await run(["sh", "-c", "exit 3"])).code).toBe(3);
    const missing = await run(["/no/such/binary"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain("no such file or directory");
    expect((await run(["nosuchprogram"])).code).toBe(127);
    expect((await run(["/bin/not-exec"])).code).toBe(126);
    const badRootfs = await bunker(["run", "--rm", "--rootfs", "/no/such/dir", "true"]);
    expect(badRootfs.code).toBe(125);
    expect(badRootfs.stderr).toContain("rootfs /no/such/dir does not exist");
  });

  test("-e, -w, -u", async () => {
    expect((await run(["-e", "FOO=bar", "-e", "BAZ=qux", "sh", "-c", "echo $FOO $BAZ"])).stdout).toBe("bar qux\n");
    expect((await run(["-w", "/tmp", "-u", "65534", "sh", "-c", "echo $(pwd) $(id -u)"])).stdout).toBe("/tmp 65534\n");
    expect((await run(["-u", "ghost", "true"])).code).toBe(125);
  });

  test("isolation: pid 1, own hostname, id maps", async () => {
    expect((await run(["sh", "-c", "echo $$"])).stdout).toBe("1\n");
    expect((await run(["--hostname", "box", "hostname"])).stdout).toBe("box\n");
    const maps = (await run(["cat", "/proc/self/uid_map"])).stdout.trim().split("\n").map((l) => l.trim().split(/\s+/));
    if (uid === 0) expect(maps).toEqual([["0", "0", "4294967295"]]);
    else {
      expect(maps[0]).toEqual(["0", String(uid), "1"]);
      const start = subordinateStart();
      if (start) expect(maps[1]).toEqual(["1", start, "65536"]);
    }
    const procs = (await run(["sh", "-c", "ls -d /proc/[0-9]* | wc -l"])).stdout.trim();
    expect(Number(procs)).toBeLessThanOrEqual(3);
  });

  test("Docker's default capabilities and seccomp filter", async () => {
    expect((await run(["grep", "CapEff", "/proc/self/status"])).stdout).toBe("CapEff:\t00000000a80425fb\n");
    const unshare = await run(["unshare", "-U", "true"]);
    expect(unshare.code).not.toBe(0);
    const privileged = await run(["--security-opt", "seccomp=unconfined", "--cap-add", "SYS_ADMIN", "grep", "CapEff", "/proc/self/status"]);
    expect(privileged.stdout).toBe("CapEff:\t00000000a82425fb\n");
  });

  test("stdin with -i, and a terminal with -t", async () => {
    const proc = Bun.spawn([compiledBinary, "run", "--rm", "-i", "--rootfs", rootfs.dir, "cat"], { env: { ...process.env, ...dirs.env }, stdin: "pipe", stdout: "pipe" });
    proc.stdin.write("piped\n");
    proc.stdin.end();
    expect(await new Response(proc.stdout).text()).toBe("piped\n");
    expect(await proc.exited).toBe(0);
    const script = Bun.which("script");
    if (!script) {
      console.log("skip: the -t check needs script(1) from bsdutils");
      return;
    }
    const tty = Bun.spawnSync([script, "-qec", `${compiledBinary} run -it --rm --rootfs ${rootfs.dir} tty`, "/dev/null"], { env: { ...process.env, ...dirs.env }, stdin: "ignore" });
    expect(tty.stdout.toString().replace(/\r/g, "")).toContain("/dev/pts/0");
  });

  test("-d, logs, exec, stop, rm", async () => {
    const id = (await bunker(["run", "-d", "--name", "web", "--rootfs", rootfs.dir, "sh", "-c", "echo started; exec sleep 60"])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await Bun.sleep(300);
    expect((await bunker(["logs", "web"])).stdout).toBe("started\n");
    expect((await bunker(["exec", "web", "hostname"])).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect((await bunker(["exec", "web", "sh", "-c", "exit 4"])).code).toBe(4);
    expect((await bunker(["ps"])).stdout).toContain("web");
    const script = Bun.which("script");
    if (script) {
      const tty = Bun.spawnSync([script, "-qec", `${compiledBinary} exec -t web tty`, "/dev/null"], { env: { ...process.env, ...dirs.env }, stdin: "ignore" });
      expect(tty.stdout.toString().replace(/\r/g, "")).toMatch(/^\/dev\/pts\/\d+\n$/);
    } else console.log("skip: the exec -it check needs script(1) from bsdutils");
    expect((await bunker(["stop", "-t", "1", "web"])).stdout).toBe("web\n");
    const inspect = JSON.parse((await bunker(["inspect", "web"])).stdout);
    expect(inspect[0].State.Running).toBe(false);
    expect((await bunker(["rm", "web"])).code).toBe(0);
    expect((await bunker(["inspect", "web"])).code).toBe(1);
  });
});
