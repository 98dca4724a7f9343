import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Database } from "bun:sqlite";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, demux } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { markTime, pastEvents } from "../helpers/event-stream.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: the concurrent run test needs busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;

/** What `docker run --rm` does: create, attach, wait (removed), start; then read the output. */
async function runRm(i: number): Promise<{ id: string; out: string; err: string; code: number }> {
  const body = { Rootfs: rootfs.dir, Cmd: ["sh", "-c", `echo out-${i}; echo err-${i} >&2; exit $((${i} % 3))`], HostConfig: { AutoRemove: true } };
  const { Id: id } = await client.json<{ Id: string }>("POST", "/containers/create", { body });
  const { socket, head } = await client.hijack("POST", `/containers/${id}/attach?stream=1&stdout=1&stderr=1`);
  const chunks: Buffer[] = [head];
  socket.on("data", (d: Buffer) => chunks.push(d));
  socket.resume();
  const ended = new Promise((r) => socket.once("end", r));
  // The wait is registered once its headers are back (the daemon flushes them at once); only
  // then may the container start, or a fast exit and removal could come before it.
  const waiting = await client.request("POST", `/containers/${id}/wait`, { query: { condition: "removed" } });
  await client.request("POST", `/containers/${id}/start`);
  const [{ StatusCode }] = await Promise.all([waiting.json() as Promise<{ StatusCode: number }>, ended]);
  const { stdout, stderr } = demux(Buffer.concat(chunks));
  return { id, out: stdout, err: stderr, code: StatusCode };
}

describe.skipIf(skip)("50 concurrent `run --rm` through the API", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-load-");
    client = ctx.client;
  });
  afterAll(async () => {
    await ctx.daemon.stop();
    ctx.dirs.cleanup();
    rootfs.cleanup();
  });

  test("all succeed with their own output and exit code, and nothing is left behind", async () => {
    const t0 = await markTime();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => runRm(i)));
    for (const [i, r] of results.entries()) {
      expect({ i, out: r.out, err: r.err, code: r.code }).toEqual({ i, out: `out-${i}\n`, err: `err-${i}\n`, code: i % 3 });
    }
    expect(new Set(results.map((r) => r.id)).size).toBe(50);
    // The database and the disk agree: no container record, directory or leftover row.
    expect(await client.json<unknown[]>("GET", "/containers/json", { query: { all: 1 } })).toEqual([]);
    expect(readdirSync(join(ctx.dirs.paths.dataRoot, "containers"))).toEqual([]);
    const db = new Database(join(ctx.dirs.paths.dataRoot, "bunker.db"), { readonly: true });
    try {
      expect(db.query("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    } finally {
      db.close();
    }
    // Every run told its story in events: create, attach, start, die, destroy.
    const events = (await pastEvents(ctx.dirs.paths.socket, { since: t0, until: await markTime(), filters: JSON.stringify({ type: ["container"] }) })).events;
    for (const r of results) expect(events.filter((e) => e.Actor.ID === r.id).map((e) => e.Action)).toEqual(["create", "attach", "start", "die", "destroy"]);
  }, 120_000);
});
