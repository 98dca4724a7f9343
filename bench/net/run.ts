#!/usr/bin/env bun
/**
 * The user-mode network's throughput and connection rate, measured in-process through the same
 * ContainerRuntime and UserNetwork the daemon uses, against the host loopback floor and, when
 * podman is installed and works for this user, podman with slirp4netns, and pasta (run directly)
 * when present.
 * Traffic comes from bench/net/blast.c (built statically here, so it runs in a busybox rootfs).
 *   bun bench/net/run.ts [MBYTES=500] [RUNS=3] [CONNS=2000]
 * Prints medians of RUNS and the ratio to the loopback floor.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connectFrameSocket, UserNetwork } from "../../src/net/index.ts";
import { ContainerRuntime, type ContainerConfig } from "../../src/runtime/index.ts";

const mbytes = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 500);
const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const runs = Number(args[1] ?? 3);
const conns = Number(args[2] ?? 2000);
const work = mkdtempSync("/tmp/bk-benchnet-");
const blast = join(work, "blast");
const cc = Bun.spawnSync(["cc", "-O2", "-static", "-o", blast, join(import.meta.dir, "blast.c")], { stderr: "pipe" });
if (cc.exitCode !== 0) throw new Error(`building blast: ${cc.stderr.toString()}`);

const rootfs = join(work, "rootfs");
for (const d of ["bin", "etc", "proc", "dev", "sys", "tmp"]) mkdirSync(join(rootfs, d), { recursive: true });
cpSync(Bun.which("busybox") ?? "/bin/busybox", join(rootfs, "bin/busybox"));
for (const a of ["sh", "true"]) symlinkSync("busybox", join(rootfs, "bin", a));
cpSync(blast, join(rootfs, "bin/blast"));
writeFileSync(join(rootfs, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");

const runtime = new ContainerRuntime(join(work, "run"));
const GW = "10.0.2.2";
const net = new UserNetwork({ subnet: "10.0.2.0/24", gateway: GW, dns: { servers: [], resolveNames: false } });
let seq = 0;
/** Everything started, so that an exit (or a failure) leaves nothing behind. */
const started: (() => void)[] = [];
let cleaned = false;
function cleanup(): void {
  if (cleaned) return;
  cleaned = true;
  for (const kill of started) kill();
  // Rootless runs leave the shared user namespace's holder process: it goes with the bench.
  try {
    process.kill(Number(readFileSync(join(work, "run", "userns.pid"), "utf8")), "SIGKILL");
  } catch {}
  rmSync(work, { recursive: true, force: true });
}
process.on("exit", cleanup);
process.on("SIGINT", () => process.exit(130));

function config(args: string[]): ContainerConfig {
  return {
    rootfs, args, env: ["PATH=/bin"], hostname: "bench", tty: false, openStdin: false, readonlyRootfs: false, binds: [], tmpfs: [],
    capAdd: [], capDrop: [], privileged: false, seccomp: "default", noNewPrivileges: false, ulimits: [], init: false, network: "private",
    interfaces: [{ name: "eth0", mac: "02:42:0a:00:02:0f", ipv4: "10.0.2.15", prefixLength: 24, gateway: GW, mtu: 65520 }],
    extraHosts: [], dns: [], dnsSearch: [], dnsOptions: [], stopSignal: "SIGTERM", log: { maxSize: 0, maxFiles: 1 },
  };
}

/** Runs `args` in a container on the network; resolves with its output once it is attached and started. */
async function container(args: string[]): Promise<{ id: string; out: () => string; exited: Promise<void>; kill: () => void }> {
  const id = `benchnet${++seq}`.padEnd(64, "0");
  const dir = join(work, `c${seq}`);
  mkdirSync(dir);
  const handle = await runtime.spawn(id, config(args), { containerDir: dir, logPath: join(dir, "log"), waitStart: true });
  const link = await runtime.connect(handle.socketPath, { output: true });
  let out = "";
  link.onStdout((d) => (out += d.toString()));
  link.onStderr((d) => (out += d.toString()));
  const exited = new Promise<void>((r) => link.onClose(() => r()));
  net.attach({ id, ip: "10.0.2.15", mac: "02:42:0a:00:02:0f", names: [] }, await connectFrameSocket(handle.netSocketPaths[0]!));
  await link.start();
  void exited.then(() => net.detach(id));
  const kill = () => {
    try {
      process.kill(handle.pid, "SIGKILL");
    } catch {}
  };
  started.push(kill);
  return {
    id,
    out: () => out,
    exited,
    kill,
  };
}

async function until(pred: () => boolean, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(10);
  }
}

const num = (out: string, key: string) => Number(new RegExp(`${key}=([\\d.]+)`).exec(out)?.[1] ?? NaN);
let port = 41000 + (process.pid % 1000) * 10;

/** A host-side blast process (async: the stack runs in this process). */
function hostBlast(args: string[]): { out: () => string; done: Promise<void>; kill: () => void } {
  const p = Bun.spawn([blast, ...args], { stdout: "pipe", stderr: "inherit" });
  started.push(() => p.kill());
  let out = "";
  const done = (async () => {
    for await (const chunk of p.stdout) out += new TextDecoder().decode(chunk);
  })();
  return { out: () => out, done: done.then(() => void p.exited), kill: () => p.kill() };
}

async function floor(): Promise<number> {
  const p = ++port;
  const sink = hostBlast(["sink", String(p)]);
  await until(() => sink.out().includes("listening"), "the sink");
  const send = hostBlast(["send", "127.0.0.1", String(p), String(mbytes)]);
  await send.done;
  await sink.done;
  return num(send.out(), "MBps");
}

async function out(): Promise<number> {
  const p = ++port;
  const sink = hostBlast(["sink", String(p)]);
  await until(() => sink.out().includes("listening"), "the sink");
  const c = await container(["blast", "send", GW, String(p), String(mbytes)]);
  await c.exited;
  await sink.done;
  return num(c.out(), "MBps");
}

async function into(): Promise<number> {
  const c = await container(["blast", "sink", "80"]);
  await until(() => c.out().includes("listening"), "the container's sink");
  const pub = await net.publish(c.id, { proto: "tcp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 80 });
  const send = hostBlast(["send", "127.0.0.1", String(pub.hostPort), String(mbytes)]);
  await send.done;
  await c.exited;
  pub.close();
  return num(send.out(), "MBps");
}

async function connsIn(): Promise<number> {
  const c = await container(["blast", "echo", "80"]);
  await until(() => c.out().includes("listening"), "the container's server");
  const pub = await net.publish(c.id, { proto: "tcp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 80 });
  const cl = hostBlast(["conns", "127.0.0.1", String(pub.hostPort), String(conns)]);
  await cl.done;
  pub.close();
  c.kill();
  await c.exited;
  return num(cl.out(), "per_second");
}

async function connsOut(): Promise<number> {
  const p = ++port;
  const srv = hostBlast(["echo", String(p)]);
  await until(() => srv.out().includes("listening"), "the host server");
  const c = await container(["blast", "conns", GW, String(p), String(conns)]);
  await c.exited;
  srv.kill();
  return num(c.out(), "per_second");
}

async function connsFloor(): Promise<number> {
  const p = ++port;
  const srv = hostBlast(["echo", String(p)]);
  await until(() => srv.out().includes("listening"), "the host server");
  const cl = hostBlast(["conns", "127.0.0.1", String(p), String(conns)]);
  await cl.done;
  srv.kill();
  return num(cl.out(), "per_second");
}

/**
 * The issue's check: MBYTES of random data each way, compared by sha256 (the test suite does
 * 100 MiB). Down: an HTTP server on loopback, busybox wget | sha256sum in the container. Up: the
 * container hashes a file of random bytes and sends it with nc to a sink that hashes what arrives.
 */
async function verify(): Promise<string> {
  const { createHash, randomBytes } = await import("node:crypto");
  const data = randomBytes(mbytes << 20);
  const want = createHash("sha256").update(data).digest("hex");
  const http = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response(data), idleTimeout: 120 });
  let got = "";
  const sink = Bun.listen<{ h: ReturnType<typeof createHash> }>({
    hostname: "127.0.0.1",
    port: 0,
    allowHalfOpen: true,
    socket: {
      open: (s) => void (s.data = { h: createHash("sha256") }),
      data: (s, d) => void s.data.h.update(d),
      end: (s) => {
        got = s.data.h.digest("hex");
        s.end();
      },
    },
  });
  const c = await container(["sh", "-c", `wget -q -O - http://${GW}:${http.port}/ | sha256sum; dd if=/dev/urandom of=/tmp/up bs=1M count=${mbytes} 2>/dev/null; sha256sum /tmp/up; nc ${GW} ${sink.port} < /tmp/up; rm /tmp/up`]);
  await c.exited;
  http.stop(true);
  sink.stop(true);
  const sums = [...c.out().matchAll(/^([0-9a-f]{64})\s/gm)].map((m) => m[1]);
  const down = sums[0] === want ? "ok" : `MISMATCH (${sums[0]} != ${want})`;
  const up = sums[1] !== undefined && sums[1] === got ? "ok" : `MISMATCH (${sums[1]} != ${got})`;
  return `sha256 of ${mbytes} MiB: down ${down}, up ${up}`;
}

/** podman with a rootless network backend, if it runs here; undefined (with the reason printed) if not. */
function podman(netMode: string, args: string[], publish?: string): string | undefined {
  const bin = Bun.which("podman");
  if (!bin) return undefined;
  const r = Bun.spawnSync([bin, "run", "--rm", "--network", netMode, ...(publish ? ["-p", publish] : []), "-v", `${blast}:/blast:ro`, "busybox", "/blast", ...args], { stdout: "pipe", stderr: "pipe", timeout: 300000 });
  if (r.exitCode !== 0) {
    console.log(`  podman (${netMode}): ${r.stderr.toString().trim().split("\n").at(-1)}`);
    return undefined;
  }
  return r.stdout.toString();
}

async function podmanOut(mode: string): Promise<number> {
  const p = ++port;
  const sink = hostBlast(["sink", String(p)]);
  await until(() => sink.out().includes("listening"), "the sink");
  const o = podman(`${mode}:allow_host_loopback=true`, ["send", "10.0.2.2", String(p), String(mbytes)]);
  sink.kill();
  return o === undefined ? NaN : num(o, "MBps");
}

/**
 * pasta run directly (`pasta --config-net`; Debian 12's podman 4.3 has no pasta mode). The
 * command runs in pasta's namespaces with the host's files. Out goes to the host's default
 * gateway, which pasta maps to the host's loopback.
 */
function pastaRun(args: string[], extra: string[] = []): ReturnType<typeof Bun.spawn> {
  const p = Bun.spawn(["pasta", "--config-net", "-f", ...extra, "--", blast, ...args], { stdout: "pipe", stderr: "pipe" });
  started.push(() => p.kill());
  return p;
}

function hostGateway(): string | undefined {
  const r = Bun.spawnSync(["ip", "-4", "route", "show", "default"], { stdout: "pipe" });
  return /via (\S+)/.exec(r.stdout.toString())?.[1];
}

async function pastaOut(): Promise<number> {
  const gw = hostGateway();
  if (!gw) return NaN;
  const p = ++port;
  const sink = hostBlast(["sink", String(p)]);
  await until(() => sink.out().includes("listening"), "the sink");
  const c = pastaRun(["send", gw, String(p), String(mbytes)]);
  const timer = setTimeout(() => c.kill(), 120000);
  const o = await new Response(c.stdout as ReadableStream).text();
  clearTimeout(timer);
  sink.kill();
  return num(o, "MBps");
}

/** Into pasta's namespace through its port forwarding (spliced from loopback: the source address is not kept). */
async function pastaIn(): Promise<number> {
  const p = ++port;
  const c = pastaRun(["sink", String(p)], ["-t", String(p)]);
  let o = "";
  void (async () => {
    for await (const chunk of c.stdout as ReadableStream<Uint8Array>) o += new TextDecoder().decode(chunk);
  })();
  try {
    await until(() => o.includes("listening"), "pasta's sink", 30000);
  } catch {
    c.kill();
    return NaN;
  }
  const send = hostBlast(["send", "127.0.0.1", String(p), String(mbytes)]);
  await send.done;
  await c.exited;
  return num(send.out(), "MBps");
}

async function podmanIn(mode: string): Promise<number> {
  const p = ++port;
  const c = Bun.spawn([Bun.which("podman") ?? "podman", "run", "--rm", "--network", mode, "-p", `127.0.0.1:${p}:80`, "-v", `${blast}:/blast:ro`, "busybox", "/blast", "sink", "80"], { stdout: "pipe", stderr: "pipe" });
  let o = "";
  void (async () => {
    for await (const chunk of c.stdout) o += new TextDecoder().decode(chunk);
  })();
  try {
    await until(() => o.includes("listening"), "podman's sink", 30000);
  } catch {
    c.kill();
    return NaN;
  }
  await Bun.sleep(300);
  const send = hostBlast(["send", "127.0.0.1", String(p), String(mbytes)]);
  await send.done;
  await c.exited;
  return num(send.out(), "MBps");
}

/** CPU time this process (the network stack's side) spends per transfer, in ms per 100 MiB. */
const cpu: Record<string, number[]> = {};
async function timed(k: string, f: () => Promise<number>): Promise<number> {
  const before = process.cpuUsage();
  const v = await f();
  const d = process.cpuUsage(before);
  (cpu[k] ??= []).push((d.user + d.system) / 1000 / (mbytes / 100));
  return v;
}

const median = (xs: number[]) => {
  const ok = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return ok.length ? ok[Math.floor(ok.length / 2)]! : NaN;
};
const results: Record<string, number[]> = {};
const record = (k: string, v: number) => void (results[k] ??= []).push(v);
const havePodman = Bun.which("podman") !== null && !process.argv.includes("--no-podman");
/** --only=verify,out,in,conns,floor,podman,pasta: a subset of the scenarios. */
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (k: string) => !only || only.includes(k);
const havePasta = Bun.which("pasta") !== null;

console.log(`bench/net: ${mbytes} MiB per transfer, ${conns} connections, ${runs} runs (medians)`);
if (want("verify")) console.log(await verify());
for (let i = 0; i < runs; i++) {
  record("loopback floor", want("floor") ? await floor() : NaN);
  if (want("out")) record("bunker out (container→host)", await timed("out", out));
  if (want("in")) record("bunker in (host→published port)", await timed("in", into));
  record("conns floor", want("floor") ? await connsFloor() : NaN);
  if (want("conns")) record("bunker conns out", await connsOut());
  if (want("conns")) record("bunker conns in (published)", await connsIn());
  if (havePodman && want("podman")) {
    record("podman slirp4netns out", await podmanOut("slirp4netns"));
    record("podman slirp4netns in", await podmanIn("slirp4netns"));
  }
  if (havePasta && want("pasta")) {
    record("pasta out", await pastaOut());
    record("pasta in (spliced)", await pastaIn());
  }
}
const f = median(results["loopback floor"]!);
const cf = median(results["conns floor"]!);
for (const [k, xs] of Object.entries(results)) {
  const m = median(xs);
  if (Number.isNaN(m)) continue;
  const isConn = k.includes("conns");
  const unit = isConn ? "conn/s" : "MB/s";
  const ratio = isConn ? m / cf : m / f;
  console.log(`${k.padEnd(36)} ${Number.isNaN(m) ? "   n/a" : m.toFixed(0).padStart(6)} ${unit.padEnd(6)}  ${Number.isNaN(ratio) ? "          " : `${(ratio * 100).toFixed(0).padStart(3)}% of floor`}   [${xs.map((x) => x.toFixed(0)).join(", ")}]`);
}
/** Per-round ratios: each round runs its engines back to back, so a slow spell of the machine hits both. */
function roundRatios(label: string, ours: string, theirs: string): void {
  const a = results[ours] ?? [];
  const b = results[theirs] ?? [];
  const rs = a.map((x, i) => x / b[i]!).filter((r) => Number.isFinite(r));
  if (rs.length === 0) return;
  console.log(`${label.padEnd(36)} ${median(rs).toFixed(2).padStart(6)} ×      per round: [${rs.map((r) => r.toFixed(2)).join(", ")}]`);
}
roundRatios("bunker ÷ slirp4netns, out", "bunker out (container→host)", "podman slirp4netns out");
roundRatios("bunker ÷ slirp4netns, in", "bunker in (host→published port)", "podman slirp4netns in");
roundRatios("bunker ÷ pasta, out", "bunker out (container→host)", "pasta out");
roundRatios("bunker ÷ pasta, in", "bunker in (host→published port)", "pasta in (spliced)");
for (const [k, xs] of Object.entries(cpu)) console.log(`stack CPU, ${k.padEnd(4)} ${median(xs).toFixed(0).padStart(5)} ms per 100 MiB (includes container setup)`);
net.close();
process.exit(0);
