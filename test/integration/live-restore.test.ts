import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { demux } from "../helpers/api-daemon.ts";
import { bunkerArgv, waitFor } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { markTime, pastEvents } from "../helpers/event-stream.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: live restore tests need busybox-static");

const dirs = tempBunkerDirs("bk-live-");
const client = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
const daemons: ReturnType<typeof Bun.spawn>[] = [];
let rootfs: ReturnType<typeof makeBusyboxRootfs> | undefined;

interface Inspect {
  RestartCount: number;
  State: { Status: string; Running: boolean; Pid: number; ExitCode: number; StartedAt: string; FinishedAt: string };
}

async function startDaemon() {
  const log = Bun.file(`${dirs.base}/daemon-${daemons.length}.log`);
  const proc = Bun.spawn([...bunkerArgv("source"), "--log-level", "debug", "daemon"], { env: { ...process.env, ...dirs.env }, stdout: log, stderr: log });
  daemons.push(proc);
  await waitFor(() => client.ping(500), 15_000, "the daemon");
  return proc;
}

async function killDaemon() {
  const d = daemons.at(-1)!;
  d.kill("SIGKILL");
  await d.exited;
}

async function create(cmd: string[], policy = "no", name?: string): Promise<string> {
  const [Name, max] = policy.split(":");
  const body = { Rootfs: rootfs!.dir, Cmd: cmd, HostConfig: { RestartPolicy: { Name, MaximumRetryCount: max ? Number(max) : 0 } } };
  return (await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body })).Id;
}

const inspect = (id: string) => client.json<Inspect>("GET", `/containers/${id}/json`);
const logs = async (id: string) => demux(Buffer.from(await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout;

afterAll(async () => {
  for (const c of await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } }).catch(() => [])) {
    await client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } }).catch(() => undefined);
  }
  for (const d of daemons) d.kill("SIGKILL");
  if (!process.env.KEEP_LIVE_RESTORE) dirs.cleanup();
  rootfs?.cleanup();
});

describe.skipIf(skip)("live restore after the daemon is killed with SIGKILL", () => {
  test("running containers are re-adopted: attach, wait and logs work, exits meanwhile are recorded, policies apply", async () => {
    rootfs = makeBusyboxRootfs();
    await startDaemon();
    // A: keeps running across the restart; printing before, during and after.
    const a = await create(["sh", "-c", "i=0; while [ $i -lt 40 ]; do echo tick$i; i=$((i+1)); sleep 0.1; done"]);
    // B: exits (5) while no daemon runs; no policy.
    const b = await create(["sh", "-c", "sleep 0.5; exit 5"]);
    // C: exits 4 while no daemon runs; on-failure:1 applies when the next daemon finds out.
    const c = await create(["sh", "-c", "echo c-run; sleep 0.5; exit 4"], "on-failure:1");
    for (const id of [a, b, c]) await client.request("POST", `/containers/${id}/start`);
    const pidA = (await inspect(a)).State.Pid;
    await Bun.sleep(300);
    const killedAt = Date.now();
    await killDaemon();
    await Bun.sleep(1500);
    expect(existsSync(`/proc/${pidA}`)).toBe(true);
    const t0 = await markTime();
    await startDaemon();

    const infoA = await inspect(a);
    expect(infoA.State).toMatchObject({ Status: "running", Running: true, Pid: pidA });
    // attach works again on the adopted container: its output keeps coming.
    const { socket, head } = await client.hijack("POST", `/containers/${a}/attach?stream=1&stdout=1&stderr=1`, undefined);
    const chunks: Buffer[] = [head];
    socket.on("data", (d: Buffer) => chunks.push(d));
    socket.resume();
    const ended = new Promise((r) => socket.once("end", r));
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${a}/wait`)).StatusCode).toBe(0);
    await ended;
    const attached = demux(Buffer.concat(chunks)).stdout;
    expect(attached).toMatch(/tick\d+\n/);
    expect(attached.endsWith("tick39\n")).toBe(true);
    expect(await logs(a)).toBe(Array.from({ length: 40 }, (_, i) => `tick${i}\n`).join(""));

    const infoB = await inspect(b);
    expect(infoB.State).toMatchObject({ Status: "exited", ExitCode: 5, Running: false });
    // FinishedAt is when it exited (from the monitor's state file), not when the daemon noticed.
    const finishedB = Date.parse(infoB.State.FinishedAt);
    expect(finishedB).toBeGreaterThan(killedAt);
    expect(finishedB).toBeLessThan(killedAt + 1500);

    await waitFor(async () => (await inspect(c)).RestartCount === 1 && (await inspect(c)).State.Status === "exited", 10_000, "C restarted once and exited again");
    expect((await inspect(c)).State.ExitCode).toBe(4);
    expect(await logs(c)).toBe("c-run\nc-run\n");

    // The new daemon reports what it found: die for B and C, the policy's start for C.
    const events = (await pastEvents(dirs.paths.socket, { since: t0, until: await markTime() })).events;
    expect(events.filter((e) => e.Actor.ID === b).map((e) => [e.Action, e.Actor.Attributes.exitCode])).toEqual([["die", "5"]]);
    expect(events.filter((e) => e.Actor.ID === c).map((e) => e.Action).slice(0, 3)).toEqual(["die", "start", "die"]);
  }, 90_000);

  test("a container waiting for its policy restart when the daemon dies is restarted by the next daemon", async () => {
    const id = await create(["sh", "-c", "echo up"], "always");
    await client.request("POST", `/containers/${id}/start`);
    // After five quick exits the backoff is over a second: catch it while it waits.
    await waitFor(async () => {
      const i = await inspect(id);
      return i.RestartCount >= 5 && i.State.Status === "restarting";
    }, 20_000, "a long backoff");
    const before = (await inspect(id)).RestartCount;
    await killDaemon();
    await startDaemon();
    await waitFor(async () => (await logs(id)).split("up\n").length - 1 > before + 1, 15_000, "a run after the new daemon started");
    const after = await inspect(id);
    expect(after.RestartCount).toBeGreaterThanOrEqual(before);
    await client.request("POST", `/containers/${id}/stop`, { query: { t: 0 } });
  }, 60_000);

  test("at daemon start: always containers run again (even after a stop), unless-stopped ones the user stopped do not", async () => {
    const always = await create(["sleep", "60"], "always", "lr-always");
    const unlessStopped = await create(["sleep", "60"], "unless-stopped", "lr-unless");
    const unlessRunning = await create(["sleep", "60"], "unless-stopped", "lr-unless-running");
    const never = await create(["sleep", "60"], "no", "lr-never");
    const createdOnly = await create(["sleep", "60"], "always", "lr-created");
    for (const id of [always, unlessStopped, unlessRunning, never]) await client.request("POST", `/containers/${id}/start`);
    for (const id of [always, unlessStopped, never]) await client.request("POST", `/containers/${id}/stop`, { query: { t: 0 } });
    const pidRunning = (await inspect(unlessRunning)).State.Pid;
    await killDaemon();
    await startDaemon();
    const status = async (id: string) => (await inspect(id)).State.Status;
    expect(await status(always)).toBe("running");
    expect(await status(unlessStopped)).toBe("exited");
    expect(await status(never)).toBe("exited");
    expect(await status(createdOnly)).toBe("created"); // never started: nothing to restart
    expect((await inspect(unlessRunning)).State).toMatchObject({ Status: "running", Pid: pidRunning }); // adopted, not restarted
    // A clean daemon stop and start: the same rules.
    await client.request("POST", `/containers/${always}/stop`, { query: { t: 0 } });
    const d = daemons.at(-1)!;
    d.kill("SIGTERM");
    await d.exited;
    await startDaemon();
    expect(await status(always)).toBe("running");
    expect(await status(unlessStopped)).toBe("exited");
  }, 90_000);
});
