import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, stopApiDaemon } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { markTime, openEvents, pastEvents, type WireEvent } from "../helpers/event-stream.ts";
import { pushDirectory, registryBin, startLocalRegistry } from "../helpers/local-registry.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: events API tests need busybox-static");
const skipImages = !registryBin;
if (skipImages) console.log("skip: image events need docker-registry");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
let socket: string;

async function create(body: Record<string, unknown>, name?: string): Promise<string> {
  return (await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body: { Rootfs: rootfs.dir, ...body } })).Id;
}

async function runExec(id: string, cmd: string[]): Promise<void> {
  const { Id } = await client.json<{ Id: string }>("POST", `/containers/${id}/exec`, { body: { Cmd: cmd, AttachStdout: true, AttachStderr: true } });
  const { socket: s } = await client.hijack("POST", `/exec/${Id}/start`, { Detach: false, Tty: false });
  s.resume();
  await new Promise((r) => s.once("end", r));
}

const actions = (events: WireEvent[], id: string) => events.filter((e) => e.Actor.ID === id).map((e) => e.Action);

describe.skipIf(skip)("GET /events", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-ev-");
    client = ctx.client;
    socket = ctx.dirs.paths.socket;
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs.cleanup();
  });

  test("a live stream: each event arrives as it happens, in Docker's shape with the legacy fields", async () => {
    const stream = await openEvents(socket);
    expect(stream.res.headers.get("content-type")).toBe("application/json");
    const id = await create({ Cmd: ["sh", "-c", "exit 3"], Labels: { tier: "test" } }, "ev-first");
    // The create event is readable before the container even starts: lines are flushed at once.
    const created = await stream.next((e) => e.Actor.ID === id && e.Action === "create");
    expect(created).toMatchObject({ status: "create", id, from: rootfs.dir, Type: "container", Action: "create", scope: "local", Actor: { ID: id, Attributes: { name: "ev-first", image: rootfs.dir, tier: "test" } } });
    expect(created.time).toBe(Math.floor(created.timeNano / 1e9));
    const nano = /"timeNano":(\d+)\}$/.exec(created.raw)![1]!;
    expect(nano.length).toBe(19);
    expect(BigInt(nano) / 1_000_000_000n).toBe(BigInt(created.time));
    await client.request("POST", `/containers/${id}/start`);
    const die = await stream.next((e) => e.Actor.ID === id && e.Action === "die");
    expect(die.Actor.Attributes).toMatchObject({ exitCode: "3", name: "ev-first", image: rootfs.dir, tier: "test" });
    await client.request("DELETE", `/containers/${id}`);
    await stream.next((e) => e.Actor.ID === id && e.Action === "destroy");
    expect(actions(stream.seen, id)).toEqual(["create", "start", "die", "destroy"]);
    stream.close();
    await Bun.sleep(100);
    expect(ctx.daemon.engine.events.subscribers).toBe(0);
  });

  test("since/until cut the history; an until in the past ends the stream; bad input is a 400", async () => {
    const t0 = await markTime();
    const id = await create({ Cmd: ["true"] });
    await client.request("POST", `/containers/${id}/start`);
    await client.json("POST", `/containers/${id}/wait`);
    await Bun.sleep(20);
    const t1 = await markTime();
    await Bun.sleep(20);
    await client.request("POST", `/containers/${id}/rename`, { query: { name: "ev-renamed" } });
    const upToT1 = await pastEvents(socket, { since: t0, until: t1 });
    expect(upToT1.status).toBe(200);
    expect(actions(upToT1.events, id)).toEqual(["create", "start", "die"]);
    const afterT1 = await pastEvents(socket, { since: t1, until: await markTime() });
    expect(afterT1.events.map((e) => [e.Action, e.Actor.Attributes.oldName, e.Actor.Attributes.name])).toEqual([["rename", expect.stringMatching(/^\/[a-z]+_[a-z]+$/), "ev-renamed"]]);
    // RFC 3339 works for hand-made requests too (the CLI converts it first).
    const iso = await pastEvents(socket, { since: new Date(Number(t0.split(".")[0]) * 1000).toISOString(), until: t1 });
    expect(actions(iso.events, id)).toEqual(["create", "start", "die"]);
    const bad = await pastEvents(socket, { since: t1, until: t0 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).message).toBe(`\`since\` time (${t1}) cannot be after \`until\` time (${t0})`);
    const badFilter = await pastEvents(socket, { filters: JSON.stringify({ colour: ["red"] }) });
    expect(badFilter.status).toBe(400);
    expect(JSON.parse(badFilter.text).message).toBe("invalid filter 'colour'");
    expect((await pastEvents(socket, { since: "yesterday" })).status).toBe(400);
  });

  test("an until in the future streams live events, then ends by itself", async () => {
    const until = (Date.now() + 1500) / 1000;
    const stream = await openEvents(socket, { until: until.toFixed(3) });
    const id = await create({ Cmd: ["true"] });
    await stream.next((e) => e.Actor.ID === id && e.Action === "create");
    const start = Date.now();
    while (!stream.ended && Date.now() - start < 5000) await Bun.sleep(50);
    expect(stream.ended).toBe(true);
  });

  test("filters: container, event, label, type, volume (map and list forms)", async () => {
    const t0 = await markTime();
    const a = await create({ Cmd: ["true"], Labels: { pick: "me" } }, "ev-filter-a");
    const b = await create({ Cmd: ["true"] }, "ev-filter-b");
    await client.json("POST", "/volumes/create", { body: { Name: "ev-vol" } });
    for (const id of [a, b]) await client.request("POST", `/containers/${id}/start`);
    for (const id of [a, b]) await client.json("POST", `/containers/${id}/wait`);
    await Bun.sleep(20);
    const until = await markTime();
    const q = async (filters: Record<string, unknown>) => (await pastEvents(socket, { since: t0, until, filters: JSON.stringify(filters) })).events.map((e) => `${e.Actor.Attributes.name ?? e.Actor.ID}:${e.Action}`);
    expect(await q({ container: { "ev-filter-a": true } })).toEqual(["ev-filter-a:create", "ev-filter-a:start", "ev-filter-a:die"]);
    expect(await q({ container: [b.slice(0, 10)], event: ["die"] })).toEqual(["ev-filter-b:die"]);
    expect(await q({ label: ["pick=me"], event: { start: true } })).toEqual(["ev-filter-a:start"]);
    expect(await q({ type: ["volume"] })).toEqual(["ev-vol:create"]);
    expect(await q({ volume: ["ev-vol"] })).toEqual(["ev-vol:create"]);
    expect((await q({ event: ["die", "create"], type: ["container"] })).sort()).toEqual(["ev-filter-a:create", "ev-filter-a:die", "ev-filter-b:create", "ev-filter-b:die"]);
  });

  test("lifecycle actions: attach, kill (signal), stop, restart, exec_*, volume mount/unmount/destroy", async () => {
    const t0 = await markTime();
    await client.json("POST", "/volumes/create", { body: { Name: "ev-data" } });
    const id = await create({ Cmd: ["sleep", "60"], HostConfig: { Binds: ["ev-data:/data"] } }, "ev-life");
    const attached = await client.hijack("POST", `/containers/${id}/attach?stream=1&stdout=1&stderr=1`, undefined);
    attached.socket.resume();
    await client.request("POST", `/containers/${id}/start`);
    await runExec(id, ["sh", "-c", "exit 2"]);
    // sleep as pid 1 ignores SIGTERM: the stop ends with SIGKILL after its timeout, as Docker's does.
    await client.request("POST", `/containers/${id}/stop`, { query: { t: 1 } });
    await client.request("POST", `/containers/${id}/restart`, { query: { t: 1 } });
    await client.request("POST", `/containers/${id}/kill`, { query: { signal: "KILL" } });
    await client.json("POST", `/containers/${id}/wait`);
    await client.request("DELETE", `/containers/${id}`);
    await client.request("DELETE", "/volumes/ev-data");
    attached.socket.destroy();
    const events = (await pastEvents(socket, { since: t0, until: await markTime() })).events;
    const life = events.filter((e) => e.Actor.ID === id);
    const execAttrs = life.find((e) => e.Action.startsWith("exec_create"))!;
    expect(execAttrs.Action).toBe("exec_create: sh -c exit 2");
    expect(execAttrs.Actor.Attributes.execID).toMatch(/^[0-9a-f]{64}$/);
    expect(life.map((e) => e.Action.replace(/:.*/, ""))).toEqual(["create", "attach", "start", "exec_create", "exec_start", "exec_die", "kill", "kill", "die", "stop", "start", "restart", "kill", "die", "destroy"]);
    expect(life.find((e) => e.Action === "exec_die")!.Actor.Attributes.exitCode).toBe("2");
    expect(life.filter((e) => e.Action === "kill").map((e) => e.Actor.Attributes.signal)).toEqual(["15", "9", "9"]);
    expect(life.filter((e) => e.Action === "die").map((e) => e.Actor.Attributes.exitCode)).toEqual(["137", "137"]);
    const volume = events.filter((e) => e.Type === "volume").map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes.container ?? ""]);
    expect(volume).toEqual([
      ["create", "ev-data", ""],
      ["mount", "ev-data", id],
      ["unmount", "ev-data", id],
      ["mount", "ev-data", id],
      ["unmount", "ev-data", id],
      ["destroy", "ev-data", ""],
    ]);
    expect(events.find((e) => e.Action === "mount")!.Actor.Attributes).toEqual({ driver: "local", container: id, destination: "/data", "read/write": "true", propagation: "" });
    expect(events.find((e) => e.Type === "volume")!.status).toBeUndefined(); // legacy fields are for containers and images only
  });
});

describe.skipIf(skip)("prune events", () => {
  test("container and volume prune report what they reclaimed, after the destroy events", async () => {
    const c = await apiDaemon("bk-evp-");
    const fs = makeBusyboxRootfs();
    try {
      const { Id: id } = await c.client.json<{ Id: string }>("POST", "/containers/create", { body: { Rootfs: fs.dir, Cmd: ["true"] } });
      await c.client.json("POST", "/volumes/create", { body: { Name: "ev-prune" } });
      const t0 = await markTime();
      await c.client.json("POST", "/containers/prune");
      // A named volume goes only with all=true since API 1.42, as in Docker.
      await c.client.json("POST", "/volumes/prune", { query: { filters: JSON.stringify({ all: ["true"] }) } });
      const events = (await pastEvents(c.dirs.paths.socket, { since: t0, until: await markTime() })).events;
      expect(events.map((e) => [e.Type, e.Action, e.Actor.ID, e.Actor.Attributes.reclaimed])).toEqual([
        ["container", "destroy", id, undefined],
        ["container", "prune", "", "0"],
        ["volume", "destroy", "ev-prune", undefined],
        ["volume", "prune", "", "0"],
      ]);
    } finally {
      await c.daemon.stop();
      c.dirs.cleanup();
      fs.cleanup();
    }
  });
});

describe.skipIf(skip)("resize events", () => {
  test("a tty container's resize is an event with height and width", async () => {
    const c = await apiDaemon("bk-evr-");
    const fs = makeBusyboxRootfs();
    try {
      const { Id: id } = await c.client.json<{ Id: string }>("POST", "/containers/create", { body: { Rootfs: fs.dir, Cmd: ["sleep", "30"], Tty: true } });
      await c.client.request("POST", `/containers/${id}/start`);
      const t0 = await markTime();
      await c.client.request("POST", `/containers/${id}/resize`, { query: { h: 30, w: 100 } });
      const events = (await pastEvents(c.dirs.paths.socket, { since: t0, until: await markTime() })).events;
      expect(events.map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes.height, e.Actor.Attributes.width])).toEqual([["resize", id, "30", "100"]]);
      await c.client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
    } finally {
      await c.daemon.stop();
      c.dirs.cleanup();
      fs.cleanup();
    }
  });
});

describe.skipIf(skip || skipImages)("image events", () => {
  let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
  let ictx: Awaited<ReturnType<typeof apiDaemon>>;
  let fs: ReturnType<typeof makeBusyboxRootfs>;
  beforeAll(async () => {
    fs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", fs.dir);
    ictx = await apiDaemon("bk-evi-");
  }, 60_000);
  afterAll(async () => {
    await ictx?.daemon.stop();
    await registry?.stop();
    ictx?.dirs.cleanup();
    fs?.cleanup();
  });

  test("pull, tag, push, commit, save, load, import, untag, delete", async () => {
    const c = ictx.client;
    const sock = ictx.dirs.paths.socket;
    const ref = `${registry.host}/busybox`;
    const t0 = await markTime();
    await (await c.request("POST", "/images/create", { query: { fromImage: ref, tag: "latest" } })).text();
    const { Id: imageId } = await c.json<{ Id: string }>("GET", `/images/${ref}:latest/json`);
    await c.request("POST", `/images/${ref}:latest/tag`, { query: { repo: `${registry.host}/copy`, tag: "2" } });
    await (await c.request("POST", `/images/${registry.host}/copy/push`, { query: { tag: "2" } })).text();
    const { Id: cid } = await c.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${ref}:latest`, Cmd: ["touch", "/x"] } });
    await c.request("POST", `/containers/${cid}/start`);
    await c.json("POST", `/containers/${cid}/wait`);
    const { Id: committed } = await c.json<{ Id: string }>("POST", "/commit", { query: { container: cid, repo: "ev-commit", tag: "1", comment: "why" } });
    await c.request("DELETE", `/containers/${cid}`);
    const archive = await (await c.request("GET", `/images/${ref}:latest/get`)).arrayBuffer();
    await (await fetch("http://x/v1.44/images/load", { method: "POST", body: archive, unix: sock } as RequestInit)).text();
    const tar = Bun.spawnSync(["tar", "-C", fs.dir, "-cf", "-", "."]).stdout;
    await (await fetch("http://x/v1.44/images/create?fromSrc=-&repo=ev-import&tag=1", { method: "POST", body: tar, unix: sock } as RequestInit)).text();
    await c.request("DELETE", `/images/${registry.host}/copy:2`);
    await c.request("DELETE", "/images/ev-commit:1");
    const all = (await pastEvents(sock, { since: t0, until: await markTime() })).events;
    const images = all.filter((e) => e.Type === "image").map((e) => [e.Action, e.Actor.ID, e.Actor.Attributes.name]);
    const imported = all.find((e) => e.Action === "import")!.Actor.ID;
    expect(images).toEqual([
      ["pull", `${ref}:latest`, ref],
      ["tag", imageId, `${registry.host}/copy:2`],
      ["push", `${registry.host}/copy:2`, `${registry.host}/copy`],
      ["tag", committed, "ev-commit:1"],
      ["save", imageId, imageId],
      ["load", imageId, imageId],
      ["import", imported, imported],
      ["untag", imageId, imageId],
      ["untag", committed, committed],
      ["delete", committed, committed],
    ]);
    expect(all.find((e) => e.Action === "pull")).toMatchObject({ status: "pull", id: `${ref}:latest` });
    const commit = all.find((e) => e.Type === "container" && e.Action === "commit")!;
    expect(commit.Actor).toMatchObject({ ID: cid, Attributes: { comment: "why", imageID: committed, imageRef: "ev-commit:1" } });
    // image=NAME matches image events by name and container events by their image.
    const byImage = (await pastEvents(sock, { since: t0, until: await markTime(), filters: JSON.stringify({ image: [ref] }) })).events.map((e) => `${e.Type}:${e.Action}`);
    expect(byImage).toEqual(["image:pull", "container:create", "container:start", "container:die", "container:commit", "container:destroy"]);
  }, 60_000);
});
