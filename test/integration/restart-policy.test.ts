import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, stopApiDaemon } from "../helpers/api-daemon.ts";
import { waitFor } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { openEvents } from "../helpers/event-stream.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: restart policy tests need busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;

interface Inspect {
  RestartCount: number;
  State: { Status: string; Running: boolean; Restarting: boolean; ExitCode: number };
  HostConfig: { RestartPolicy: { Name: string; MaximumRetryCount: number } };
}

async function create(cmd: string[], policy: { Name: string; MaximumRetryCount?: number }, extra: Record<string, unknown> = {}): Promise<string> {
  const body = { Rootfs: rootfs.dir, Cmd: cmd, HostConfig: { RestartPolicy: policy, ...extra } };
  return (await client.json<{ Id: string }>("POST", "/containers/create", { body })).Id;
}

const inspect = (id: string) => client.json<Inspect>("GET", `/containers/${id}/json`);

describe.skipIf(skip)("restart policies", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-rp-");
    client = ctx.client;
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs.cleanup();
  });

  test("on-failure:2 and a container that exits 1: restarted twice (Restarting while it waits), then exited", async () => {
    const events = await openEvents(ctx.dirs.paths.socket, { filters: JSON.stringify({ type: ["container"] }) });
    const id = await create(["sh", "-c", "exit 1"], { Name: "on-failure", MaximumRetryCount: 2 });
    await client.request("POST", `/containers/${id}/start`);
    await events.next((e) => e.Actor.ID === id && e.Action === "die");
    const waiting = await inspect(id); // the first backoff is 100 ms: it is waiting now
    expect(waiting.State).toMatchObject({ Status: "restarting", Restarting: true, Running: true, ExitCode: 1 });
    expect(waiting.RestartCount).toBe(1);
    const listed = await client.json<{ Id: string; State: string; Status: string }[]>("GET", "/containers/json");
    expect(listed.find((c) => c.Id === id)?.Status).toMatch(/^Restarting \(1\) /);
    await waitFor(async () => (await inspect(id)).State.Status === "exited" && events.seen.filter((e) => e.Actor.ID === id && e.Action === "die").length === 3, 15_000, "the third exit");
    await Bun.sleep(500); // nothing more comes
    const final = await inspect(id);
    expect(final.RestartCount).toBe(2);
    expect(final.State).toMatchObject({ Status: "exited", Restarting: false, Running: false, ExitCode: 1 });
    expect(events.seen.filter((e) => e.Actor.ID === id).map((e) => e.Action)).toEqual(["create", "start", "die", "start", "die", "start", "die"]);
    events.close();
  });

  test("on-failure does not restart a clean exit; no never restarts", async () => {
    const clean = await create(["true"], { Name: "on-failure" });
    const never = await create(["sh", "-c", "exit 1"], { Name: "no" });
    for (const id of [clean, never]) await client.request("POST", `/containers/${id}/start`);
    for (const id of [clean, never]) await client.json("POST", `/containers/${id}/wait`);
    await Bun.sleep(400);
    expect((await inspect(clean)).RestartCount).toBe(0);
    expect((await inspect(never)).RestartCount).toBe(0);
    expect((await inspect(never)).State.Status).toBe("exited");
  });

  test("always: restarted with a growing backoff until the user stops it; a start resets RestartCount", async () => {
    const id = await create(["sh", "-c", "echo run"], { Name: "always" });
    await client.request("POST", `/containers/${id}/start`);
    const t0 = Date.now();
    await waitFor(async () => (await inspect(id)).RestartCount >= 4, 15_000, "four restarts");
    // 100 + 200 + 400 ms of backoff at least before the fourth restart.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(700);
    await client.request("POST", `/containers/${id}/stop`);
    const stopped = await inspect(id);
    expect(stopped.State.Status).toBe("exited");
    await Bun.sleep(2000); // longer than the backoff in flight
    const later = await inspect(id);
    expect(later.State.Status).toBe("exited");
    expect(later.RestartCount).toBe(stopped.RestartCount);
    const logs = await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1 } })).arrayBuffer();
    // One run per start, all in one log (a stop during the backoff cancels the counted restart).
    const runs = Buffer.from(logs).toString().split("run\n").length - 1;
    expect(runs).toBeGreaterThanOrEqual(later.RestartCount);
    expect(runs).toBeLessThanOrEqual(later.RestartCount + 1);
    await client.request("POST", `/containers/${id}/start`);
    // Counted from 0 again (it exits at once, so one restart may already have happened).
    expect((await inspect(id)).RestartCount).toBeLessThanOrEqual(1);
    await client.request("POST", `/containers/${id}/stop`);
  });

  test("docker kill: always restarts anyway (as Docker does: only a stop cancels it); unless-stopped stays down", async () => {
    const always = await create(["sleep", "60"], { Name: "always" });
    const unless = await create(["sleep", "60"], { Name: "unless-stopped" });
    for (const id of [always, unless]) await client.request("POST", `/containers/${id}/start`);
    const firstPid = (await client.json<{ State: { Pid: number } }>("GET", `/containers/${always}/json`)).State.Pid;
    for (const id of [always, unless]) await client.request("POST", `/containers/${id}/kill`);
    await waitFor(async () => (await inspect(always)).State.Status === "running" && (await inspect(always)).RestartCount === 1, 10_000, "the always container back");
    expect((await client.json<{ State: { Pid: number } }>("GET", `/containers/${always}/json`)).State.Pid).not.toBe(firstPid);
    await Bun.sleep(500);
    expect((await inspect(unless)).State).toMatchObject({ Status: "exited", ExitCode: 137 });
    expect((await inspect(unless)).RestartCount).toBe(0);
    await client.request("POST", `/containers/${always}/stop`, { query: { t: 0 } });
  });

  test("unless-stopped: restarted after its own exit, not after a stop", async () => {
    const id = await create(["sh", "-c", "sleep 0.3"], { Name: "unless-stopped" });
    await client.request("POST", `/containers/${id}/start`);
    await waitFor(async () => (await inspect(id)).RestartCount >= 1, 10_000, "a restart");
    await waitFor(async () => (await inspect(id)).State.Status === "running", 10_000, "running again");
    await client.request("POST", `/containers/${id}/stop`, { query: { t: 1 } });
    const count = (await inspect(id)).RestartCount;
    await Bun.sleep(1000);
    expect((await inspect(id)).State.Status).toBe("exited");
    expect((await inspect(id)).RestartCount).toBe(count);
  });

  test("docker update --restart: the new policy applies from the next exit; zero resource fields change nothing", async () => {
    const id = await create(["sh", "-c", "exit 1"], { Name: "no" });
    const update = (body: Record<string, unknown>, ref = id) =>
      fetch(`http://x/v1.44/containers/${ref}/update`, { method: "POST", unix: ctx.dirs.paths.socket, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } } as RequestInit);
    // The docker CLI sends every resource field, zero when unset.
    const res = await update({ RestartPolicy: { Name: "on-failure", MaximumRetryCount: 1 }, CpuShares: 0, Memory: 0, BlkioWeightDevice: null, Ulimits: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ Warnings: [] });
    expect((await inspect(id)).HostConfig.RestartPolicy).toEqual({ Name: "on-failure", MaximumRetryCount: 1 });
    await client.request("POST", `/containers/${id}/start`);
    await waitFor(async () => (await inspect(id)).RestartCount === 1 && (await inspect(id)).State.Status === "exited", 10_000, "one restart");
    const memory = await update({ Memory: 1 << 20 });
    expect(memory.status).toBe(400);
    expect(((await memory.json()) as { message: string }).message).toBe("Minimum memory limit allowed is 6MB");
    expect((await update({ RestartPolicy: { Name: "always" } }, "nope")).status).toBe(404);
    const rm = (await client.json<{ Id: string }>("POST", "/containers/create", { body: { Rootfs: rootfs.dir, Cmd: ["true"], HostConfig: { AutoRemove: true } } })).Id;
    const refused = await update({ RestartPolicy: { Name: "always" } }, rm);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toBe("Restart policy cannot be updated because AutoRemove is enabled for the container");
  });

  test("a restarting container can be removed; bad policies are refused at create", async () => {
    const id = await create(["sh", "-c", "exit 1"], { Name: "always" });
    await client.request("POST", `/containers/${id}/start`);
    await waitFor(async () => (await inspect(id)).RestartCount >= 3, 10_000, "restarts");
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
    await Bun.sleep(1000);
    const left = await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } });
    expect(left.some((c) => c.Id === id)).toBe(false);
    const bad = async (policy: Record<string, unknown>, autoRemove = false) => {
      const res = await fetch("http://x/v1.44/containers/create", { method: "POST", unix: ctx.dirs.paths.socket, body: JSON.stringify({ Rootfs: rootfs.dir, Cmd: ["true"], HostConfig: { RestartPolicy: policy, AutoRemove: autoRemove } }), headers: { "Content-Type": "application/json" } } as RequestInit);
      return { status: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await bad({ Name: "sometimes" })).toEqual({ status: 400, message: "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'" });
    expect((await bad({ Name: "always" }, true)).message).toBe("can't create 'AutoRemove' container with restart policy");
    expect((await bad({ Name: "always", MaximumRetryCount: 2 })).status).toBe(400);
  });
});
