import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, stopApiDaemon } from "../helpers/api-daemon.ts";
import { waitFor } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { openEvents } from "../helpers/event-stream.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: healthcheck tests need busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;

interface Health {
  Status: string;
  FailingStreak: number;
  Log: { Start: string; End: string; ExitCode: number; Output: string }[];
}
const ms = 1e6;

async function run(cmd: string[], healthcheck: Record<string, unknown>): Promise<string> {
  const body = { Rootfs: rootfs.dir, Cmd: cmd, Healthcheck: healthcheck };
  const id = (await client.json<{ Id: string }>("POST", "/containers/create", { body })).Id;
  await client.request("POST", `/containers/${id}/start`);
  return id;
}

const inspect = (id: string) => client.json<{ State: { Status: string; Health?: Health }; Config: { Healthcheck?: Record<string, unknown> } }>("GET", `/containers/${id}/json`);
const listed = async (filters?: Record<string, string[]>) =>
  client.json<{ Id: string; Status: string }[]>("GET", "/containers/json", { query: filters ? { filters: JSON.stringify(filters) } : {} });

describe.skipIf(skip)("healthchecks", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-health-");
    client = ctx.client;
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs.cleanup();
  });

  test("starting, then unhealthy after `retries` failures, then healthy once the check passes; events, ps and filters follow", async () => {
    const events = await openEvents(ctx.dirs.paths.socket, { filters: JSON.stringify({ type: ["container"] }) });
    const id = await run(["sh", "-c", "sleep 1.2; touch /tmp/ok; sleep 60"], { Test: ["CMD-SHELL", "echo probing; test -f /tmp/ok"], Interval: 150 * ms, Retries: 2 });
    const first = await inspect(id);
    expect(first.State.Health?.Status).toBe("starting");
    expect(first.Config.Healthcheck).toEqual({ Test: ["CMD-SHELL", "echo probing; test -f /tmp/ok"], Interval: 150 * ms, Retries: 2 });
    expect((await listed()).find((c) => c.Id === id)?.Status).toMatch(/^Up .* \(health: starting\)$/);
    await waitFor(async () => (await inspect(id)).State.Health?.Status === "unhealthy", 10_000, "unhealthy");
    const sick = (await inspect(id)).State.Health!;
    expect(sick.FailingStreak).toBeGreaterThanOrEqual(2);
    expect(sick.Log.at(-1)).toMatchObject({ ExitCode: 1, Output: "probing\n" });
    expect((await listed({ health: ["unhealthy"] })).map((c) => c.Id)).toContain(id);
    await waitFor(async () => (await inspect(id)).State.Health?.Status === "healthy", 10_000, "healthy");
    const well = (await inspect(id)).State.Health!;
    expect(well.FailingStreak).toBe(0);
    expect(well.Log.length).toBeLessThanOrEqual(5);
    expect(well.Log.at(-1)?.ExitCode).toBe(0);
    expect(Date.parse(well.Log.at(-1)!.End)).toBeGreaterThanOrEqual(Date.parse(well.Log.at(-1)!.Start));
    expect((await listed()).find((c) => c.Id === id)?.Status).toMatch(/^Up .* \(healthy\)$/);
    expect((await listed({ health: ["healthy"] })).map((c) => c.Id)).toContain(id);
    expect((await listed({ health: ["unhealthy"] })).map((c) => c.Id)).not.toContain(id);
    const statuses = events.seen.filter((e) => e.Actor.ID === id && e.Action.startsWith("health_status")).map((e) => e.Action);
    expect(statuses).toEqual(["health_status: unhealthy", "health_status: healthy"]);
    events.close();
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("a probe that runs past its timeout counts as a failure with Docker's message", async () => {
    const id = await run(["sleep", "60"], { Test: ["CMD", "sleep", "10"], Interval: 100 * ms, Timeout: 200 * ms, Retries: 1 });
    await waitFor(async () => (await inspect(id)).State.Health?.Status === "unhealthy", 10_000, "unhealthy");
    expect((await inspect(id)).State.Health?.Log[0]).toMatchObject({ ExitCode: -1, Output: "Health check exceeded timeout (200ms)" });
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("NONE turns it off; no Health in State; a container without a check lists as health=none", async () => {
    const id = await run(["sleep", "60"], { Test: ["NONE"] });
    const r = await inspect(id);
    expect(r.State.Health).toBeUndefined();
    expect(r.Config.Healthcheck).toEqual({ Test: ["NONE"] });
    expect((await listed({ health: ["none"] })).map((c) => c.Id)).toContain(id);
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("bad settings are refused with Docker's messages", async () => {
    for (const [hc, message] of [
      [{ Test: ["CMD", "true"], Interval: 1000 }, "Interval in Healthcheck cannot be less than 1ms"],
      [{ Test: ["CMD", "true"], Retries: -1 }, "Retries in Healthcheck cannot be negative"],
      [{ Test: ["BOGUS"] }, 'invalid healthcheck test "BOGUS"'],
    ] as const) {
      const res = await fetch("http://x/v1.44/containers/create", { method: "POST", unix: ctx.dirs.paths.socket, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ Rootfs: rootfs.dir, Cmd: ["true"], Healthcheck: hc }) } as RequestInit);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toContain(message);
    }
  });
});
