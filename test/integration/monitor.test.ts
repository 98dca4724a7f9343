/**
 * The per-container monitor (ffi/spawn.c, ffi/monitor*.c) end to end: bunker_spawn through
 * spawnProcess, the attach socket through MonitorConnection, the json-file log and
 * state.json, with busybox containers. As root: no user namespace (rootful); as a user: a user
 * namespace with the subordinate ids through newuidmap/newgidmap (or a single-id map).
 */
import { fullMaps, gid, isRoot, newgidmap, newuidmap, subgid, subuid, uid } from "../helpers/id-maps.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import {
  connectMonitor,
  encodeContainerSpec,
  MonitorStartError,
  probeUserNamespace,
  SpawnError,
  spawnProcess,
  type ContainerSpecRecord,
  type MonitorConnection,
} from "../../src/sys/index.ts";

/** The SpawnError a spec's spawn fails with (the test fails when it does not fail so). */
function spawnFailure(spec: Parameters<typeof encodeContainerSpec>[0]): SpawnError {
  let caught: unknown;
  try {
    spawnProcess(encodeContainerSpec(spec));
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(SpawnError);
  return caught as SpawnError;
}



/** The namespace setup of every container here, and why it cannot run (undefined = it can). */
function chooseMode(): { name: string; base: Partial<ContainerSpecRecord>; skip?: string } {
  if (isRoot) return { name: "root, no user namespace", base: {} };
  const userns = probeUserNamespace();
  if (!userns.ok) return { name: "rootless", base: {}, skip: `cannot create a user namespace: ${userns.reason}` };
  if (newuidmap && newgidmap && subuid && subgid) {
    return { name: "rootless, subordinate ids through newuidmap", base: { newUserns: true, newuidmap, newgidmap, ...fullMaps() } };
  }
  return {
    name: "rootless, single-id map",
    base: { newUserns: true, uidMap: [{ inside: 0, outside: uid, count: 1 }], gidMap: [{ inside: 0, outside: gid, count: 1 }] },
  };
}

const mode = chooseMode();
const skipReason = busyboxPath === undefined ? "busybox-static is not installed" : mode.skip;
if (skipReason) console.log(`skip: monitor integration tests: ${skipReason}`);
else console.log(`monitor tests run as uid ${uid}: ${mode.name}`);
const fixture = skipReason ? undefined : makeBusyboxRootfs("bk-mon-");
const rootfs = fixture?.dir ?? "/nonexistent";
const bases: string[] = [];
const started: number[] = [];
afterAll(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, "SIGKILL");
  for (const b of bases) rmSync(b, { recursive: true, force: true });
  fixture?.cleanup();
});

interface Box {
  dir: string;
  socketPath: string;
  logPath: string;
  spec: ContainerSpecRecord;
}

function box(args: string[], extra: Partial<ContainerSpecRecord> = {}): Box {
  const dir = mkdtempSync("/tmp/bkm-");
  bases.push(dir);
  const socketPath = join(dir, "a.sock");
  const logPath = join(dir, "ctr.log");
  const spec: ContainerSpecRecord = {
    rootfs,
    args,
    env: ["PATH=/bin", "HOME=/root"],
    hostname: "box",
    newNetns: true,
    stateDir: dir,
    socketPath,
    logPath,
    ...mode.base,
    ...extra,
  };
  return { dir, socketPath, logPath, spec };
}

function spawnBox(b: Box): { monitorPid: number; pid: number } {
  const r = spawnProcess(encodeContainerSpec(b.spec));
  started.push(r.monitorPid);
  return r;
}

/** Alive and not a zombie (init may be slow to reap the monitor, which is its child). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

interface State {
  monitorPid: number;
  pid: number;
  status: string;
  exitCode: number;
  signal: number;
  startedAt: string;
  finishedAt: string;
  error: string;
}

function state(b: Box): State | undefined {
  try {
    return JSON.parse(readFileSync(join(b.dir, "state.json"), "utf8")) as State;
  } catch {
    return undefined;
  }
}

async function until<T>(what: string, f: () => T | undefined | false, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}

const exited = (b: Box) => until("state exited", () => (state(b)?.status === "exited" ? state(b) : undefined));

/** Output of a connection, joined per stream. */
function collect(c: MonitorConnection): { stdout: () => string; stderr: () => string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  c.onStdout((d) => out.push(d));
  c.onStderr((d) => err.push(d));
  return { stdout: () => Buffer.concat(out).toString(), stderr: () => Buffer.concat(err).toString() };
}

const RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const t = skipReason ? test.skip : test;

describe(`monitor (${mode.name})`, () => {
  t("echo hello: a json-file line as Docker writes it, state exited 0", async () => {
    const b = box(["echo", "hello"]);
    const before = Date.now();
    const { monitorPid, pid } = spawnBox(b);
    expect(monitorPid).toBeGreaterThan(0);
    expect(pid).toBeGreaterThan(0);
    const s = await exited(b);
    expect(s).toMatchObject({ monitorPid, pid, status: "exited", exitCode: 0, signal: 0, error: "" });
    expect(s.startedAt).toMatch(RFC3339_NANO);
    expect(s.finishedAt).toMatch(RFC3339_NANO);
    const log = readFileSync(b.logPath, "utf8");
    expect(log).toMatch(/^\{"log":"hello\\n","stream":"stdout","time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z"\}\n$/);
    const time = Date.parse((JSON.parse(log) as { time: string }).time);
    expect(Math.abs(time - before)).toBeLessThan(10000);
    await until("monitor gone", () => !alive(monitorPid));
    expect(existsSync(b.socketPath)).toBe(false);
  });

  t("exit 3 and stderr: EXIT frame and state carry the code, stderr is logged as stderr", async () => {
    const b = box(["sh", "-c", "echo oops >&2; exit 3"], { waitStart: true });
    spawnBox(b);
    expect(state(b)?.status).toBe("created");
    const c = await connectMonitor(b.socketPath, { output: true });
    const io = collect(c);
    await c.start();
    expect(await c.waitExit()).toEqual({ exitCode: 3, signal: 0 });
    expect(io.stderr()).toBe("oops\n");
    const s = await exited(b);
    expect(s.exitCode).toBe(3);
    expect(readFileSync(b.logPath, "utf8")).toContain('{"log":"oops\\n","stream":"stderr","time":"');
  });

  t("a missing program: 127, and nothing is left behind", () => {
    const b = box(["/bin/nope"]);
    const before = monitorsLike();
    const err = spawnFailure(b.spec);
    expect(err.exitCode).toBe(127);
    expect(err.message).toContain("/bin/nope");
    expect(existsSync(b.socketPath)).toBe(false);
    expect(monitorsLike().filter((p) => !before.includes(p))).toEqual([]);
  });

  t("a program that is not executable: 126", () => {
    const b = box(["/etc/passwd"]);
    const caught = spawnFailure(b.spec);
    expect(caught.exitCode).toBe(126);
    expect(existsSync(b.socketPath)).toBe(false);
  });

  t("stdin through STDIN frames and STDIN_CLOSE: cat echoes and exits", async () => {
    const b = box(["cat"], { waitStart: true, stdin: true });
    spawnBox(b);
    const c = await connectMonitor(b.socketPath, { output: true });
    const io = collect(c);
    await c.start();
    c.writeStdin(Buffer.from("abc\n"));
    const big = Buffer.alloc(200 * 1024, "x");
    c.writeStdin(big);
    c.closeStdin();
    expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
    expect(io.stdout()).toBe(`abc\n${big.toString()}`);
  });

  t("TTY: output arrives, RESIZE changes stty size", async () => {
    const b = box(["sh", "-c", "stty size; read x; stty size"], { waitStart: true, stdin: true, tty: true, consoleSize: { rows: 24, cols: 80 } });
    spawnBox(b);
    const c = await connectMonitor(b.socketPath, { output: true });
    const io = collect(c);
    await c.start();
    await until("first size", () => io.stdout().includes("24 80"));
    c.resize(30, 100);
    c.writeStdin(Buffer.from("\n"));
    expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
    expect(io.stdout()).toContain("30 100");
    expect(io.stderr()).toBe("");
    const log = readFileSync(b.logPath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { log: string; stream: string });
    expect(log.every((l) => l.stream === "stdout")).toBe(true);
    expect(log.map((l) => l.log).join("")).toContain("24 80\r\n");
  });

  t("WAIT_START: nothing runs until START", async () => {
    const b = box(["touch", "/tmp/ran"], { waitStart: true });
    const { pid } = spawnBox(b);
    const marker = join(rootfs, "tmp", "ran");
    rmSync(marker, { force: true });
    await Bun.sleep(300);
    expect(existsSync(marker)).toBe(false);
    expect(state(b)).toMatchObject({ status: "created", pid, startedAt: "0001-01-01T00:00:00Z" });
    const c = await connectMonitor(b.socketPath);
    await c.start();
    expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
    expect(existsSync(marker)).toBe(true);
    expect((await exited(b)).startedAt).toMatch(RFC3339_NANO);
  });

  t("START of a program that does not exist: START_ERR 127, state exited 127 with the error", async () => {
    const b = box(["/bin/nope"], { waitStart: true });
    spawnBox(b);
    const c = await connectMonitor(b.socketPath);
    let caught: unknown;
    try {
      await c.start();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MonitorStartError);
    expect((caught as MonitorStartError).exitCode).toBe(127);
    expect((caught as MonitorStartError).message).toContain("/bin/nope");
    const s = await exited(b);
    expect(s.exitCode).toBe(127);
    expect(s.error).toContain("/bin/nope");
  });

  t("SIGNAL 15 to sleep under --init: exit 143", async () => {
    const b = box(["sleep", "30"], { init: true });
    spawnBox(b);
    const c = await connectMonitor(b.socketPath);
    await until("pid", () => c.pid);
    c.signal(15);
    expect(await c.waitExit()).toEqual({ exitCode: 143, signal: 0 });
    expect((await exited(b)).exitCode).toBe(143);
  });

  t("SIGNAL 9: killed by a signal, 137 and signal 9", async () => {
    const b = box(["sleep", "30"]);
    spawnBox(b);
    const c = await connectMonitor(b.socketPath);
    c.signal(9);
    expect(await c.waitExit()).toEqual({ exitCode: 137, signal: 9 });
    expect(await exited(b)).toMatchObject({ exitCode: 137, signal: 9 });
  });

  t("several clients get the same output, and all get EXIT", async () => {
    const b = box(["sh", "-c", "seq 1 2000"], { waitStart: true });
    spawnBox(b);
    const conns = await Promise.all([1, 2, 3].map(() => connectMonitor(b.socketPath, { output: true })));
    const ios = conns.map(collect);
    await conns[0]?.start();
    const exits = await Promise.all(conns.map((c) => c.waitExit()));
    const want = Array.from({ length: 2000 }, (_, i) => `${i + 1}\n`).join("");
    for (const io of ios) expect(io.stdout()).toBe(want);
    for (const x of exits) expect(x).toEqual({ exitCode: 0, signal: 0 });
  });

  t("log rotation at a small max size keeps max-files files", async () => {
    const b = box(["sh", "-c", "seq 1 300"], { logMaxSize: 1000n, logMaxFiles: 3 });
    spawnBox(b);
    await exited(b);
    const files = readdirSync(b.dir).filter((f) => f.startsWith("ctr.log")).sort();
    expect(files).toEqual(["ctr.log", "ctr.log.1", "ctr.log.2"]);
    for (const f of files) expect(statSync(join(b.dir, f)).size).toBeLessThanOrEqual(1000);
    const lines = ["ctr.log.2", "ctr.log.1", "ctr.log"].flatMap((f) =>
      readFileSync(join(b.dir, f), "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { log: string }).log),
    );
    expect(lines.at(-1)).toBe("300\n");
    const first = Number(lines[0]);
    expect(lines).toEqual(Array.from({ length: 300 - first + 1 }, (_, i) => `${first + i}\n`));
    expect(first).toBeGreaterThan(1);
  });

  t("the monitor survives a SIGKILL of the process that spawned it", async () => {
    const b = box(["sh", "-c", "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done"]);
    const script = join(b.dir, "spawner.ts");
    const index = join(import.meta.dir, "../../src/sys/index.ts");
    writeFileSync(
      script,
      `import { encodeContainerSpec, spawnProcess } from ${JSON.stringify(index)};
const spec = JSON.parse(process.argv[2]);
if (spec.logMaxSize !== undefined) spec.logMaxSize = BigInt(spec.logMaxSize);
console.log(JSON.stringify(spawnProcess(encodeContainerSpec(spec))));
setInterval(() => {}, 1000);
`,
    );
    const child = Bun.spawn([process.execPath, script, JSON.stringify(b.spec, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))], { stdout: "pipe", stderr: "inherit" });
    console.log("spawner", child.pid);
    const reader = child.stdout.getReader();
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const { monitorPid } = JSON.parse(text) as { monitorPid: number; pid: number };
    started.push(monitorPid);
    child.kill("SIGKILL");
    await child.exited;
    await Bun.sleep(300);
    expect(alive(monitorPid)).toBe(true);
    const size1 = statSync(b.logPath).size;
    await until("the log grows", () => statSync(b.logPath).size > size1);
    const c = await connectMonitor(b.socketPath, { output: true });
    const io = collect(c);
    await until("live output", () => io.stdout().includes("tick"));
    c.signal(9);
    expect(await c.waitExit()).toEqual({ exitCode: 137, signal: 9 });
    await until("monitor gone", () => !alive(monitorPid));
  }, 30000);

  t("exec into a running container: hostname, exit code, replayed early output", async () => {
    const ctr = box(["sleep", "30"], { init: true });
    const { pid } = spawnBox(ctr);
    try {
      const x = box(["hostname"], { execPid: pid, waitStart: true, logPath: undefined, rootfs: undefined, hostname: undefined });
      spawnBox(x);
      const c = await connectMonitor(x.socketPath, { output: true });
      const io = collect(c);
      await c.start();
      expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
      expect(io.stdout()).toBe("box\n");

      const y = box(["sh", "-c", "exit 5"], { execPid: pid, waitStart: true, logPath: undefined, rootfs: undefined });
      spawnBox(y);
      const d = await connectMonitor(y.socketPath);
      await d.start();
      expect(await d.waitExit()).toEqual({ exitCode: 5, signal: 0 });
      expect((await exited(y)).exitCode).toBe(5);

      // No WAIT_START: the output before the client attaches is replayed to it.
      const z = box(["sh", "-c", "echo early; sleep 0.5; echo late"], { execPid: pid, logPath: undefined, rootfs: undefined });
      spawnBox(z);
      await Bun.sleep(200);
      const e = await connectMonitor(z.socketPath, { output: true, replay: true });
      const io2 = collect(e);
      expect(await e.waitExit()).toEqual({ exitCode: 0, signal: 0 });
      expect(io2.stdout()).toBe("early\nlate\n");
    } finally {
      const c = await connectMonitor(ctr.socketPath);
      c.signal(9);
      await c.waitExit();
    }
  });

  t("the process's pipes held open by a background process: the monitor ends ~1 s after the exit", async () => {
    const ctr = box(["sleep", "30"], { init: true });
    const { pid } = spawnBox(ctr);
    try {
      const x = box(["sh", "-c", "sleep 20 & echo bye"], { execPid: pid, waitStart: true, logPath: undefined, rootfs: undefined });
      const { monitorPid } = spawnBox(x);
      const c = await connectMonitor(x.socketPath, { output: true });
      const io = collect(c);
      const t0 = Date.now();
      await c.start();
      expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
      expect(Date.now() - t0).toBeLessThan(5000);
      expect(io.stdout()).toBe("bye\n");
      await until("monitor gone", () => !alive(monitorPid));
    } finally {
      const c = await connectMonitor(ctr.socketPath);
      c.signal(9);
      await c.waitExit();
    }
  });

  t("a client that never reads is dropped after 10 s; the container is not blocked for good", async () => {
    const b = box(["sh", "-c", "yes | head -c 20000000; echo; echo done"], { waitStart: true, logMaxSize: 1000000n, logMaxFiles: 2 });
    spawnBox(b);
    const { createConnection } = await import("node:net");
    const stuck = createConnection({ path: b.socketPath });
    await new Promise((r) => stuck.once("connect", r));
    stuck.write(Buffer.from([1, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 1])); // HELLO OUTPUT, then never read
    stuck.pause();
    const c = await connectMonitor(b.socketPath);
    await c.start();
    const t0 = Date.now();
    expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThan(9000); // held back while the stuck client had some room
    expect(took).toBeLessThan(25000);
    expect(readFileSync(b.logPath, "utf8")).toContain('{"log":"done\\n"');
    stuck.destroy();
  }, 40000);

  const withNewuidmap = !skipReason && !isRoot && mode.base.newuidmap !== undefined;
  if (!skipReason && !withNewuidmap) console.log("skip: the newuidmap failure test needs a non-root user with newuidmap (root writes maps directly)");
  (withNewuidmap ? test : test.skip)("id maps: a map newuidmap refuses fails the spawn with its message, nothing left behind", () => {
    const b = box(["true"], { uidMap: [{ inside: 0, outside: 1, count: 1 }] });
    const caught = spawnFailure(b.spec);
    expect(caught.message).toMatch(/^newuidmap: exit status \d+/);
    expect(existsSync(b.socketPath)).toBe(false);
  });

  t("id maps written directly: root maps a range, a user maps its own id", async () => {
    const maps = isRoot
      ? { uidMap: [{ inside: 0, outside: 200000, count: 65536 }], gidMap: [{ inside: 0, outside: 200000, count: 65536 }] }
      : { uidMap: [{ inside: 0, outside: uid, count: 1 }], gidMap: [{ inside: 0, outside: gid, count: 1 }] };
    const b = box(["cat", "/proc/self/uid_map"], { newUserns: true, newuidmap: undefined, newgidmap: undefined, ...maps, waitStart: true });
    spawnBox(b);
    const c = await connectMonitor(b.socketPath, { output: true });
    const io = collect(c);
    await c.start();
    expect(await c.waitExit()).toEqual({ exitCode: 0, signal: 0 });
    expect(io.stdout().trim().split(/\s+/)).toEqual(["0", String(maps.uidMap[0]?.outside), String(maps.uidMap[0]?.count)]);
  });

  t("an exec into a pid that does not exist fails with nothing left behind", () => {
    const x = box(["true"], { execPid: 0x3ffffff0, logPath: undefined });
    const caught = spawnFailure(x.spec);
    expect(caught.exitCode).toBe(125);
    expect(existsSync(x.socketPath)).toBe(false);
  });
});

/** Processes that look like this one (monitors are forks of it, with its command line). */
function monitorsLike(): number[] {
  const me = readFileSync(`/proc/${process.pid}/cmdline`, "utf8");
  const out: number[] = [];
  for (const e of readdirSync("/proc")) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8") === me && alive(pid)) out.push(pid);
    } catch {
      // gone
    }
  }
  return out;
}
