import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { detectCgroups } from "../../src/runtime/index.ts";
import { apiDaemon, demux } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";

const facts = detectCgroups();
const needed = ["memory", "pids", "cpu"] as const;
const missing = needed.filter((c) => !facts.controllers.includes(c));
const freezer = facts.version === 2 || !!Object.entries(facts.v1?.controllers ?? {}).find(([k, h]) => k.split(",").includes("freezer") && h.delegatedPath !== undefined);
const skip = !busyboxPath || !facts.delegated || missing.length > 0;
if (skip) console.log(`skip: cgroup limit tests need busybox-static and delegated ${missing.join(", ") || "cgroups"} (${facts.warnings.join(" ") || "none delegated"})`);

describe.skipIf(skip)(`resource limits through delegated cgroups (v${facts.version})`, () => {
  let ctx: Awaited<ReturnType<typeof apiDaemon>>;
  let rootfs: ReturnType<typeof makeBusyboxRootfs>;
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-cg-");
  });
  afterAll(async () => {
    for (const c of await ctx.client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } })) {
      await ctx.client.request("POST", `/containers/${c.Id}/unpause`).catch(() => undefined);
      await ctx.client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } }).catch(() => undefined);
    }
    await ctx?.daemon.stop();
    ctx?.dirs.cleanup();
    rootfs?.cleanup();
  });

  const create = async (cmd: string[], host: Record<string, unknown> = {}) =>
    (await ctx.client.json<{ Id: string }>("POST", "/containers/create", { body: { Rootfs: rootfs.dir, Cmd: cmd, HostConfig: host } })).Id;
  const runToEnd = async (cmd: string[], host: Record<string, unknown> = {}) => {
    const id = await create(cmd, host);
    await ctx.client.request("POST", `/containers/${id}/start`);
    const { StatusCode } = await ctx.client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`);
    const logs = demux(Buffer.from(await (await ctx.client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer()));
    const info = await ctx.client.json<{ State: { OOMKilled: boolean; ExitCode: number } }>("GET", `/containers/${id}/json`);
    return { id, code: StatusCode, ...logs, info };
  };
  const cpuNs = async (id: string) => (await ctx.client.json<{ cpu_stats: { cpu_usage: { total_usage: number } } }>("GET", `/containers/${id}/stats`, { query: { stream: 0, "one-shot": 1 } })).cpu_stats.cpu_usage.total_usage;

  test("a memory hog is OOM-killed: exit 137 and OOMKilled from the kernel's count", async () => {
    const r = await runToEnd(["dd", "if=/dev/zero", "of=/dev/null", "bs=96M", "count=1"], { Memory: 32 * 1024 * 1024 });
    expect(r.code).toBe(137);
    expect(r.info.State.OOMKilled).toBe(true);
    const fine = await runToEnd(["dd", "if=/dev/zero", "of=/dev/null", "bs=4M", "count=1"], { Memory: 32 * 1024 * 1024 });
    expect(fine.code).toBe(0);
    expect(fine.info.State.OOMKilled).toBe(false);
  }, 30_000);

  test("a fork bomb stops at the pids limit", async () => {
    const r = await runToEnd(["sh", "-c", "for i in $(seq 40); do sleep 2 & done; wait; echo done"], { PidsLimit: 10 });
    expect(r.stderr).toContain("can't fork");
    const free = await runToEnd(["sh", "-c", "for i in $(seq 40); do sleep 1 & done 2>&1; wait; echo done"], {});
    expect(free.stderr).not.toContain("can't fork");
  }, 30_000);

  test("--cpus 0.5 holds a busy loop near half a core; inspect shows the limits", async () => {
    const id = await create(["sh", "-c", "while :; do :; done"], { NanoCpus: 500_000_000, Memory: 64 * 1024 * 1024, PidsLimit: 50 });
    await ctx.client.request("POST", `/containers/${id}/start`);
    await Bun.sleep(300);
    const t0 = performance.now();
    const a = await cpuNs(id);
    await Bun.sleep(2000);
    const cores = (await cpuNs(id) - a) / ((performance.now() - t0) * 1e6);
    expect(cores).toBeLessThan(0.62);
    expect(cores).toBeGreaterThan(0.05); // the machine may be busy; the cap is what is checked
    const info = await ctx.client.json<{ HostConfig: { NanoCpus: number; Memory: number; PidsLimit: number } }>("GET", `/containers/${id}/json`);
    expect(info.HostConfig).toMatchObject({ NanoCpus: 500_000_000, Memory: 64 * 1024 * 1024, PidsLimit: 50 });
    // update on the running container: the new memory limit is what stats report.
    await ctx.client.json("POST", `/containers/${id}/update`, { body: { Memory: 96 * 1024 * 1024 } });
    const stats = await ctx.client.json<{ memory_stats: { limit: number }; pids_stats: { current: number } }>("GET", `/containers/${id}/stats`, { query: { stream: 0, "one-shot": 1 } });
    expect(stats.memory_stats.limit).toBe(96 * 1024 * 1024);
    expect(stats.pids_stats.current).toBeGreaterThanOrEqual(1);
    await ctx.client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  }, 30_000);

  test.skipIf(!freezer)("pause freezes, unpause resumes; a paused container cannot be killed", async () => {
    const id = await create(["sh", "-c", "while :; do :; done"]);
    await ctx.client.request("POST", `/containers/${id}/start`);
    await ctx.client.request("POST", `/containers/${id}/pause`);
    const state = (await ctx.client.json<{ State: { Status: string; Paused: boolean; Running: boolean } }>("GET", `/containers/${id}/json`)).State;
    expect(state).toMatchObject({ Status: "paused", Paused: true, Running: true });
    const list = await ctx.client.json<{ Id: string; State: string; Status: string }[]>("GET", "/containers/json");
    expect(list.find((c) => c.Id === id)).toMatchObject({ State: "paused" });
    expect(list.find((c) => c.Id === id)!.Status).toEndWith("(Paused)");
    const frozenAt = await cpuNs(id);
    await Bun.sleep(500);
    expect(await cpuNs(id)).toBe(frozenAt);
    await expect(ctx.client.request("POST", `/containers/${id}/kill`)).rejects.toThrow("is paused. Unpause the container before stopping or killing");
    await expect(ctx.client.request("POST", `/containers/${id}/pause`)).rejects.toThrow("is already paused");
    await ctx.client.request("POST", `/containers/${id}/unpause`);
    await Bun.sleep(300);
    expect(await cpuNs(id)).toBeGreaterThan(frozenAt);
    expect((await ctx.client.json<{ State: { Status: string } }>("GET", `/containers/${id}/json`)).State.Status).toBe("running");
    await ctx.client.request("POST", `/containers/${id}/pause`);
    await ctx.client.request("DELETE", `/containers/${id}`, { query: { force: 1 } }); // rm -f thaws and kills
  }, 30_000);

  test("the container and its execs live in its own cgroup, seen as / through its cgroup namespace", async () => {
    const id = await create(["sh", "-c", "cat /proc/self/cgroup; exec sleep 30"], { Memory: 64 * 1024 * 1024 });
    await ctx.client.request("POST", `/containers/${id}/start`);
    await Bun.sleep(300);
    const logs = demux(Buffer.from(await (await ctx.client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout;
    const memoryLine = logs.split("\n").find((l) => (facts.version === 2 ? l.startsWith("0::") : /:memory(,|:)/.test(l)));
    expect(memoryLine).toMatch(/:\/$/);
    const { Id: exec } = await ctx.client.json<{ Id: string }>("POST", `/containers/${id}/exec`, { body: { Cmd: ["cat", "/proc/self/cgroup"], AttachStdout: true } });
    const out = demux(Buffer.from(await (await ctx.client.request("POST", `/exec/${exec}/start`, { body: { Detach: false } })).arrayBuffer())).stdout;
    expect(out.split("\n").find((l) => (facts.version === 2 ? l.startsWith("0::") : /:memory(,|:)/.test(l)))).toMatch(/:\/$/);
    await ctx.client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });
});
