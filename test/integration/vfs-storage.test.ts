import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { apiDaemon, demux } from "../helpers/api-daemon.ts";
import { readTar } from "../helpers/tar-files.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { pushDirectory, registryBin, startLocalRegistry } from "../helpers/local-registry.ts";

const skip = !registryBin || !busyboxPath;
if (skip) console.log("skip: vfs storage tests need docker-registry and busybox-static");

describe.skipIf(skip)("vfs storage: diff and commit compare a container's whole tree with its image's", () => {
  let ctx: Awaited<ReturnType<typeof apiDaemon>>;
  let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
  let rootfs: ReturnType<typeof makeBusyboxRootfs>;
  let image: string;

  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    image = `${registry.host}/busybox:latest`;
    ctx = await apiDaemon("bk-vfs-", JSON.stringify({ "storage-driver": "vfs" }));
    const pulled = await (await ctx.client.request("POST", "/images/create", { query: { fromImage: `${registry.host}/busybox`, tag: "latest" } })).text();
    expect(pulled).not.toContain("error");
  }, 60_000);
  afterAll(async () => {
    await ctx?.daemon.stop();
    await registry?.stop();
    ctx?.dirs.cleanup();
    rootfs?.cleanup();
  });

  async function run(ref: string, cmd: string[]) {
    const { Id } = await ctx.client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: ref, Cmd: cmd } });
    await ctx.client.request("POST", `/containers/${Id}/start`);
    const code = (await ctx.client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode;
    const logs = await (await ctx.client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer();
    return { id: Id, code, ...demux(Buffer.from(logs)) };
  }

  test("the daemon uses vfs", async () => {
    expect((await ctx.client.json<{ Driver: string }>("GET", "/info")).Driver).toBe("vfs");
  });

  test("diff lists additions, modifications and deletions; commit makes a layer of exactly those", async () => {
    const changed = await run(image, ["sh", "-c", "echo new > /new && mkdir -p /d/e && echo x > /d/e/f && echo more >> /etc/passwd && rm /bin/true && rm -r /root && ln -s /new /link"]);
    expect(changed.code).toBe(0);
    const changes = await ctx.client.json<{ Path: string; Kind: number }[]>("GET", `/containers/${changed.id}/changes`);
    for (const c of [
      { Path: "/new", Kind: 1 }, { Path: "/d", Kind: 1 }, { Path: "/d/e/f", Kind: 1 }, { Path: "/link", Kind: 1 },
      { Path: "/etc", Kind: 0 }, { Path: "/etc/passwd", Kind: 0 }, { Path: "/bin", Kind: 0 },
      { Path: "/bin/true", Kind: 2 }, { Path: "/root", Kind: 2 },
    ]) expect(changes).toContainEqual(c);
    // Untouched files are not listed: vfs copies keep their times and owners.
    expect(changes.find((c) => c.Path === "/bin/sh" || c.Path === "/etc/group")).toBeUndefined();
    const exported = await readTar(new Uint8Array(await (await ctx.client.request("GET", `/containers/${changed.id}/export`)).arrayBuffer()));
    expect(exported.get("new")?.toString()).toBe("new\n");
    expect(exported.get("etc/passwd")?.toString()).toEndWith("more\n");
    expect(exported.has("bin/sh")).toBe(true);
    expect(exported.has("bin/true")).toBe(false);
    expect([...exported.keys()].filter((n) => n.includes(".wh.") || n.startsWith("root/"))).toEqual([]);
    const { Id } = await ctx.client.json<{ Id: string }>("POST", "/commit", { query: { container: changed.id, repo: "vfs-committed", tag: "1" } });
    const info = await ctx.client.json<{ Id: string; RootFS: { Layers: string[] }; Size: number }>("GET", "/images/vfs-committed:1/json");
    expect(info.Id).toBe(Id);
    expect(info.RootFS.Layers).toHaveLength(2);
    const check = await run("vfs-committed:1", ["sh", "-c", "cat /new /d/e/f; tail -n1 /etc/passwd; readlink /link; test -e /bin/true || echo no-true; test -e /root || echo no-root; test -x /bin/sh && echo sh; stat -c %u:%g /new /d/e/f"]);
    // Owners are the container's (root here), not the host ids the files have outside a rootless user namespace.
    expect(check.stdout).toBe("new\nx\nmore\n/new\nno-true\nno-root\nsh\n0:0\n0:0\n");
    // The new layer holds the changes only, not a copy of the whole tree.
    const history = await ctx.client.json<{ Size: number }[]>("GET", "/images/vfs-committed:1/history");
    expect(history[0]!.Size).toBeLessThan(100_000);
  });

  test("ps -s, system df and container prune count what a container wrote, not the copy of its image", async () => {
    for (const c of await ctx.client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } })) await ctx.client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } });
    const wrote = await run(image, ["sh", "-c", "dd if=/dev/zero of=/blob bs=1000 count=20 2>/dev/null"]);
    const [listed] = await ctx.client.json<{ SizeRw: number }[]>("GET", "/containers/json", { query: { all: 1, size: 1 } });
    expect(listed!.SizeRw).toBe(20_000);
    const df = await ctx.client.json<{ Containers: { Id: string; SizeRw: number }[] }>("GET", "/system/df", { query: { type: "container" } });
    expect(df.Containers).toEqual([expect.objectContaining({ Id: wrote.id, SizeRw: 20_000 })]);
    const pruned = await ctx.client.json<{ ContainersDeleted: string[]; SpaceReclaimed: number }>("POST", "/containers/prune");
    expect(pruned).toEqual({ ContainersDeleted: [wrote.id], SpaceReclaimed: 20_000 });
  });
});
