import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";

const skip = !busyboxPath;
if (skip) console.log("skip: list filter tests need busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const ids: Record<string, string> = {};

type Row = { Id: string; Names: string[]; State: string; SizeRw?: number; SizeRootFs?: number };
const ps = async (query: Record<string, string | number | undefined>) => (await client.json<Row[]>("GET", "/containers/json", { query })).map((r) => r.Names[0]!.slice(1));
const filtered = (filters: Record<string, string[]>, extra: Record<string, string | number> = {}) => ps({ filters: JSON.stringify(filters), ...extra });
const status = async (path: string, filters: string) => {
  try {
    await client.json("GET", path, { query: { filters } });
    return "ok";
  } catch (err) {
    return `${(err as { status?: number }).status} ${(err as Error).message}`;
  }
};

async function importImage(repo: string, tag: string): Promise<string> {
  const tarred = Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-czf", "-", "."]);
  const res = await fetch(`http://x/v1.44/images/create?fromSrc=-&repo=${repo}&tag=${tag}`, { method: "POST", body: tarred.stdout, unix: ctx.dirs.paths.socket } as RequestInit);
  return JSON.parse((await res.text()).trim()).status as string;
}

async function container(name: string, body: Record<string, unknown>, run: "no" | "exit" | "stay") {
  const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body });
  ids[name] = Id;
  if (run === "no") return;
  await client.request("POST", `/containers/${Id}/start`);
  if (run === "exit") await client.json("POST", `/containers/${Id}/wait`);
}

describe.skipIf(skip)("list filters through the API", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-filters-");
    client = ctx.client;
    await importImage("first", "1");
    await Bun.sleep(20);
    await importImage("second", "2");
    await client.json("POST", "/volumes/create", { body: { Name: "used", Labels: { keep: "yes" } } });
    await client.json("POST", "/volumes/create", { body: { Name: "spare" } });
    await container("made", { Rootfs: rootfs.dir, Cmd: ["true"], Labels: { tier: "db" } }, "no");
    await container("ok0", { Image: "first:1", Cmd: ["sh", "-c", "echo hi > /written; exit 0"], Labels: { tier: "web", team: "a" } }, "exit");
    await container("bad3", { Image: "second:2", Cmd: ["sh", "-c", "exit 3"], Labels: { tier: "web" }, HostConfig: { Binds: ["used:/data"] } }, "exit");
    await container("up", { Rootfs: rootfs.dir, Cmd: ["sleep", "1000"], ExposedPorts: { "80/tcp": {}, "53/udp": {} } }, "stay");
  });
  afterAll(async () => {
    for (const id of Object.values(ids)) await client.request("DELETE", `/containers/${id}`, { query: { force: 1, v: 1 } }).catch(() => undefined);
    await ctx.daemon.stop();
    ctx.dirs.cleanup();
    rootfs.cleanup();
  });

  test("all, limit and the default (running only), newest first", async () => {
    expect(await ps({})).toEqual(["up"]);
    expect(await ps({ all: 1 })).toEqual(["up", "bad3", "ok0", "made"]);
    expect(await ps({ limit: 2 })).toEqual(["up", "bad3"]);
  });

  test("name, id, label, status, exited, ancestor, volume, before, since", async () => {
    expect(await filtered({ name: ["ok"] }, { all: 1 })).toEqual(["ok0"]);
    expect(await filtered({ name: ["^/?(up|made)$"] }, { all: 1 })).toEqual(["up", "made"]);
    expect(await filtered({ id: [ids.bad3!.slice(0, 10)] }, { all: 1 })).toEqual(["bad3"]);
    expect(await filtered({ label: ["tier=web"] }, { all: 1 })).toEqual(["bad3", "ok0"]);
    expect(await filtered({ label: ["tier=web", "team"] }, { all: 1 })).toEqual(["ok0"]);
    expect(await filtered({ label: ["tier"] }, { all: 1 })).toEqual(["bad3", "ok0", "made"]);
    // A status filter shows stopped containers without `all`, as Docker's does.
    expect(await filtered({ status: ["exited"] })).toEqual(["bad3", "ok0"]);
    expect(await filtered({ status: ["created", "running"] })).toEqual(["up", "made"]);
    expect(await filtered({ exited: ["3"] }, { all: 1 })).toEqual(["bad3"]);
    expect(await filtered({ exited: ["0"] }, { all: 1 })).toEqual(["ok0"]);
    expect(await filtered({ ancestor: ["first:1"] }, { all: 1 })).toEqual(["ok0"]);
    expect(await filtered({ ancestor: ["nosuchimage"] }, { all: 1 })).toEqual([]);
    expect(await filtered({ volume: ["used"] }, { all: 1 })).toEqual(["bad3"]);
    expect(await filtered({ volume: ["/data"] }, { all: 1 })).toEqual(["bad3"]);
    expect(await filtered({ before: ["bad3"] })).toEqual(["ok0", "made"]);
    expect(await filtered({ since: ["ok0"] })).toEqual(["up", "bad3"]);
    expect(await ps({ since: "ok0", before: "up" })).toEqual(["bad3"]);
    expect(await filtered({ expose: ["80"] }, { all: 1 })).toEqual(["up"]);
    expect(await filtered({ expose: ["50-60/udp"] }, { all: 1 })).toEqual(["up"]);
    expect(await filtered({ expose: ["81"] }, { all: 1 })).toEqual([]);
    expect(await filtered({ publish: ["80"] }, { all: 1 })).toEqual([]);
    const onBridge = [];
    for (const name of ["up", "bad3", "ok0", "made"]) {
      const info = await client.json<{ NetworkSettings: { Networks: Record<string, unknown> } }>("GET", `/containers/${name}/json`);
      if (info.NetworkSettings.Networks.bridge) onBridge.push(name);
    }
    expect(await filtered({ network: ["bridge"] }, { all: 1 })).toEqual(onBridge);
    expect(await filtered({ network: ["nosuchnet"] }, { all: 1 })).toEqual([]);
    // The map form of filters, as the docker CLI sends it.
    expect(await ps({ all: 1, filters: JSON.stringify({ label: { "tier=web": true }, exited: { "3": true } }) })).toEqual(["bad3"]);
  });

  test("bad filters are 400s in Docker's words", async () => {
    expect(await status("/containers/json", '{"bogus":["x"]}')).toBe("400 invalid filter 'bogus'");
    expect(await status("/containers/json", '{"status":["sleeping"]}')).toBe("400 invalid filter 'status=sleeping'");
    expect(await status("/containers/json", '{"exited":["x"]}')).toBe("400 invalid filter 'exited=x'");
    expect(await status("/containers/json", '{"publish":["http"]}')).toBe("400 invalid filter 'publish=http'");
    expect(await status("/containers/json", "{not json")).toStartWith("400 invalid filter");
    expect(await status("/containers/json", '{"before":["nosuch"]}')).toBe("404 No such container: nosuch");
    expect(await status("/images/json", '{"bogus":["x"]}')).toBe("400 invalid filter 'bogus'");
    expect(await status("/images/json", '{"dangling":["maybe"]}')).toBe("400 invalid filter 'dangling=maybe'");
    expect(await status("/volumes", '{"size":["1"]}')).toBe("400 invalid filter 'size'");
  });

  test("size: the writable layer and the whole", async () => {
    const rows = await client.json<Row[]>("GET", "/containers/json", { query: { all: 1, size: 1, filters: JSON.stringify({ name: ["ok0"] }) } });
    expect(rows[0]!.SizeRw).toBeGreaterThan(0);
    expect(rows[0]!.SizeRootFs).toBeGreaterThan(rows[0]!.SizeRw!);
    expect((await client.json<Row[]>("GET", "/containers/json", { query: { all: 1 } }))[0]!.SizeRw).toBeUndefined();
  });

  test("images: reference globs, dangling, label, before, since", async () => {
    const tags = async (filters: Record<string, string[]>) => (await client.json<{ RepoTags: string[] }[]>("GET", "/images/json", { query: { filters: JSON.stringify(filters) } })).flatMap((i) => i.RepoTags).sort();
    expect(await tags({})).toEqual(["first:1", "second:2"]);
    expect(await tags({ reference: ["fir*"] })).toEqual(["first:1"]);
    expect(await tags({ reference: ["second"] })).toEqual(["second:2"]);
    expect(await tags({ reference: ["*:2"] })).toEqual(["second:2"]);
    expect(await tags({ reference: ["nothing*"] })).toEqual([]);
    expect(await tags({ dangling: ["true"] })).toEqual([]);
    expect(await tags({ dangling: ["false"] })).toEqual(["first:1", "second:2"]);
    expect(await tags({ before: ["second:2"] })).toEqual(["first:1"]);
    expect(await tags({ since: ["first:1"] })).toEqual(["second:2"]);
    expect(await tags({ label: ["nolabel"] })).toEqual([]);
  });

  test("volumes: dangling, name, driver, label", async () => {
    const names = async (filters: Record<string, string[]>) => (await client.json<{ Volumes: { Name: string }[] }>("GET", "/volumes", { query: { filters: JSON.stringify(filters) } })).Volumes.map((v) => v.Name).sort();
    expect(await names({})).toEqual(["spare", "used"]);
    expect(await names({ dangling: ["true"] })).toEqual(["spare"]);
    expect(await names({ dangling: ["0"] })).toEqual(["used"]);
    expect(await names({ name: ["sp"] })).toEqual(["spare"]);
    expect(await names({ driver: ["local"] })).toEqual(["spare", "used"]);
    expect(await names({ label: ["keep=yes"] })).toEqual(["used"]);
  });
});
