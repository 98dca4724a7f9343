import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, demux } from "../helpers/api-daemon.ts";
import { readTar, writeTar } from "../helpers/tar-files.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { pushDirectory, pushIndex, pushLayers, registryBin, startLocalRegistry } from "../helpers/local-registry.ts";

const skip = !registryBin || !busyboxPath;
if (skip) console.log("skip: image API tests need docker-registry and busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
let pushedDigest: string;

async function pull(ref: string): Promise<{ lines: Record<string, unknown>[] }> {
  const [fromImage, tag] = ref.split(/:(?=[^:/]+$)/);
  const res = await client.request("POST", "/images/create", { query: { fromImage, tag } });
  const text = await res.text();
  return { lines: text.trim().split(/\r?\n/).map((l) => JSON.parse(l)) };
}

describe.skipIf(skip)("images through the API", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    pushedDigest = await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    ctx = await apiDaemon("bk-img-");
    client = ctx.client;
  }, 60_000);
  afterAll(async () => {
    await ctx?.daemon.stop();
    await registry?.stop();
    ctx?.dirs.cleanup();
    rootfs?.cleanup();
  });

  test("pull streams Docker's progress and stores the image", async () => {
    const { lines } = await pull(`${registry.host}/busybox:latest`);
    const statuses = lines.map((l) => l.status as string);
    expect(lines.find((l) => l.error)).toBeUndefined();
    expect(statuses[0]).toBe(`Pulling from busybox`);
    expect(statuses).toContain("Pulling fs layer");
    expect(statuses).toContain("Pull complete");
    expect(statuses).toContain(`Digest: ${pushedDigest}`);
    expect(statuses.at(-1)).toBe(`Status: Downloaded newer image for ${registry.host}/busybox:latest`);
    const again = await pull(`${registry.host}/busybox:latest`);
    expect(again.lines.map((l) => l.status)).toContain("Already exists");
    expect(again.lines.at(-1)!.status).toBe(`Status: Image is up to date for ${registry.host}/busybox:latest`);
  });

  test("images, inspect, tag and rmi in Docker's shapes", async () => {
    const list = await client.json<{ Id: string; RepoTags: string[]; RepoDigests: string[]; Size: number }[]>("GET", "/images/json");
    expect(list).toHaveLength(1);
    expect(list[0]!.RepoTags).toEqual([`${registry.host}/busybox:latest`]);
    expect(list[0]!.RepoDigests).toEqual([`${registry.host}/busybox@${pushedDigest}`]);
    expect(list[0]!.Size).toBeGreaterThan(500_000);
    const info = await client.json<{ Id: string; Os: string; Config: { Cmd: string[] }; RootFS: { Layers: string[] } }>("GET", `/images/${registry.host}/busybox:latest/json`);
    expect(info.Id).toBe(list[0]!.Id);
    expect(info.Os).toBe("linux");
    expect(info.Config.Cmd).toEqual(["sh"]);
    expect(info.RootFS.Layers).toHaveLength(1);
    expect((await client.json<{ Id: string }>("GET", `/images/${info.Id.slice(7, 19)}/json`)).Id).toBe(info.Id);
    await client.request("POST", `/images/${registry.host}/busybox:latest/tag`, { query: { repo: "mybox", tag: "1" } });
    expect((await client.json<{ Id: string }>("GET", "/images/mybox:1/json")).Id).toBe(info.Id);
    expect(await client.json("DELETE", "/images/mybox:1")).toEqual([{ Untagged: "mybox:1" }]);
    await expect(client.request("GET", "/images/mybox:1/json")).rejects.toThrow("No such image: mybox:1");
    const removed = await client.json<{ Untagged?: string; Deleted?: string }[]>("DELETE", `/images/${registry.host}/busybox:latest`);
    expect(removed).toEqual([{ Untagged: `${registry.host}/busybox:latest` }, { Deleted: info.Id }]);
    expect(await client.json("GET", "/images/json")).toEqual([]);
  });

  test("push sends the image to a registry, and it pulls back the same", async () => {
    await pull(`${registry.host}/busybox:latest`);
    await client.request("POST", `/images/${registry.host}/busybox:latest/tag`, { query: { repo: `${registry.host}/copied`, tag: "7" } });
    const res = await client.request("POST", `/images/${registry.host}/copied/push`, { query: { tag: "7" } });
    const lines = (await res.text()).trim().split(/\r?\n/).map((l) => JSON.parse(l));
    expect(lines.find((l) => l.error)).toBeUndefined();
    expect(lines[0].status).toBe(`The push refers to repository [${registry.host}/copied]`);
    const aux = lines.at(-1).aux;
    expect(aux.Tag).toBe("7");
    expect(aux.Digest).toBe(pushedDigest); // same manifest bytes, same digest
    expect(lines.map((l) => l.status)).toContain(`7: digest: ${pushedDigest} size: ${aux.Size}`);
    await client.request("DELETE", `/images/${registry.host}/copied:7`);
    const again = await pull(`${registry.host}/copied:7`);
    expect(again.lines.at(-1)!.status).toBe(`Status: Downloaded newer image for ${registry.host}/copied:7`);
    const missing = await fetch(`http://x/v1.44/images/nope/push?tag=1`, { method: "POST", unix: ctx.dirs.paths.socket } as RequestInit);
    expect(missing.status).toBe(404);
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
  });

  test("save and load: an archive in Docker's format that loads back into a runnable image", async () => {
    await pull(`${registry.host}/busybox:latest`);
    const res = await client.request("GET", "/images/get", { query: { names: `${registry.host}/busybox:latest` } });
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    const archive = new Uint8Array(await res.arrayBuffer());
    const names: string[] = [];
    const extract = (await import("tar-stream")).default.extract();
    extract.on("entry", (h, stream, next) => {
      names.push(h.name);
      stream.resume();
      stream.on("end", next);
    });
    await new Promise<void>((resolve, reject) => {
      extract.on("finish", resolve);
      extract.on("error", reject);
      extract.end(Buffer.from(archive));
    });
    expect(names).toContain("manifest.json");
    expect(names).toContain("index.json");
    expect(names).toContain("oci-layout");
    expect(names.filter((n) => n.startsWith("blobs/sha256/"))).toHaveLength(3); // manifest, config, layer
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
    const load = await fetch("http://x/v1.44/images/load?quiet=1", { method: "POST", body: archive, unix: ctx.dirs.paths.socket, headers: { "Content-Type": "application/x-tar" } } as RequestInit);
    expect(await load.text()).toBe(JSON.stringify({ stream: `Loaded image: ${registry.host}/busybox:latest\n` }) + "\r\n");
    // Without quiet (the docker CLI on a terminal): each layer's "Loading layer" progress first.
    await client.request("DELETE", `/images/${registry.host}/busybox:latest`, { query: { force: 1 } });
    const loud = await fetch("http://x/v1.44/images/load", { method: "POST", body: archive, unix: ctx.dirs.paths.socket } as RequestInit);
    const messages = (await loud.text()).trim().split("\r\n").map((l) => JSON.parse(l) as { status?: string; id?: string; progressDetail?: { current: number; total: number }; stream?: string });
    expect(messages.at(-1)).toEqual({ stream: `Loaded image: ${registry.host}/busybox:latest\n` });
    const progress = messages.filter((m) => m.status === "Loading layer");
    expect(progress.length).toBe(2); // one layer: started, done
    expect(progress[0]!.id).toMatch(/^[0-9a-f]{12}$/);
    expect(progress[1]!.progressDetail!.current).toBe(progress[1]!.progressDetail!.total);
    expect(progress[1]!.progressDetail!.total).toBeGreaterThan(0);
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/busybox:latest`, Cmd: ["echo", "loaded"] } });
    await client.request("POST", `/containers/${Id}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode).toBe(0);
    await client.request("DELETE", `/containers/${Id}`);
    const bad = await fetch("http://x/v1.44/images/load", { method: "POST", body: "not a tar", unix: ctx.dirs.paths.socket } as RequestInit);
    // As Docker: the reply is a stream and the error a line in it (docker-py raises ImageLoadError from it).
    expect(bad.status).toBe(200);
    expect(JSON.parse(await bad.text()).errorDetail.message).toContain("invalid archive");
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
  });

  test("load reads an OCI image layout alone, through a multi-platform index, by the host's platform", async () => {
    await pull(`${registry.host}/busybox:latest`);
    const saved = await readTar(new Uint8Array(await (await client.request("GET", "/images/get", { query: { names: `${registry.host}/busybox:latest` } })).arrayBuffer()));
    const top = JSON.parse(saved.get("index.json")!.toString()) as { manifests: { digest: string; size: number; mediaType: string }[] };
    const inner = top.manifests[0]!;
    const other = { ...inner, digest: `sha256:${"0".repeat(64)}`, platform: { os: "linux", architecture: "s390x" } };
    const host = { ...inner, platform: { os: "linux", architecture: process.arch === "arm64" ? "arm64" : "amd64" } };
    const nested = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests: [other, host] }));
    const nestedDigest = `sha256:${new Bun.CryptoHasher("sha256").update(nested).digest("hex")}`;
    const layout = new Map([...saved].filter(([name]) => name !== "manifest.json" && name !== "repositories"));
    layout.set(`blobs/sha256/${nestedDigest.slice(7)}`, nested);
    const index = (annotations: Record<string, string>) =>
      Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: "application/vnd.oci.image.index.v1+json", digest: nestedDigest, size: nested.length, annotations }] }));
    const load = async (files: Map<string, Buffer>) => {
      const res = await fetch("http://x/v1.44/images/load?quiet=1", { method: "POST", body: await writeTar(files), unix: ctx.dirs.paths.socket } as RequestInit);
      return { status: res.status, text: await res.text() };
    };
    const removeAll = async () => {
      for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
    };
    await removeAll();
    layout.set("index.json", index({ "org.opencontainers.image.ref.name": "oci/loaded:2" }));
    expect((await load(layout)).text).toBe(JSON.stringify({ stream: "Loaded image: oci/loaded:2\n" }) + "\r\n");
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: "oci/loaded:2", Cmd: ["echo", "from-oci"] } });
    await client.request("POST", `/containers/${Id}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode).toBe(0);
    await client.request("DELETE", `/containers/${Id}`);
    await removeAll();
    // A bare tag names no repository: the image loads untagged, as Docker does.
    layout.set("index.json", index({ "org.opencontainers.image.ref.name": "latest" }));
    expect((await load(layout)).text).toMatch(/^\{"stream":"Loaded image ID: sha256:[0-9a-f]{64}\\n"\}\r\n$/);
    await removeAll();
    // A blob that is not what its digest says is refused and nothing is recorded.
    const layerPath = [...layout.keys()].find((n) => n.startsWith("blobs/") && layout.get(n)!.length > 100_000)!;
    const broken = new Map(layout);
    broken.set(layerPath, Buffer.concat([layout.get(layerPath)!, Buffer.from("x")]));
    broken.set("index.json", index({ "io.containerd.image.name": "oci/broken:1" }));
    const bad = await load(broken);
    expect(bad.text).toContain("digest");
    expect(await client.json<unknown[]>("GET", "/images/json")).toEqual([]);
  });

  test("a multi-platform index pulls the host's image, another with platform, and none for a platform it lacks", async () => {
    const host = process.arch === "arm64" ? "arm64" : "amd64";
    const other = host === "amd64" ? "arm64" : "amd64";
    const busyboxTar = new Uint8Array(Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."]).stdout);
    const marker = async (text: string) => writeTar(new Map([["platform", Buffer.from(text)]]));
    const hostDigest = await pushLayers(registry.host, "multi", `only-${host}`, [busyboxTar, await marker(host)], ["cat", "/platform"], host);
    const otherDigest = await pushLayers(registry.host, "multi", `only-${other}`, [busyboxTar, await marker(other)], ["cat", "/platform"], other);
    await pushIndex(registry.host, "multi", "both", [{ digest: otherDigest, architecture: other }, { digest: hostDigest, architecture: host }]);
    // GET /distribution/{name}/json: what the registry has, nothing pulled.
    type Distribution = { Descriptor: { mediaType: string; digest: string; size: number }; Platforms: { architecture: string; os: string }[] };
    const dist = await client.json<Distribution>("GET", `/distribution/${registry.host}/multi:both/json`);
    expect(dist.Descriptor.mediaType).toBe("application/vnd.oci.image.index.v1+json");
    expect(dist.Descriptor.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dist.Platforms).toEqual([{ architecture: other, os: "linux" }, { architecture: host, os: "linux" }]);
    const single = await client.json<Distribution>("GET", `/distribution/${registry.host}/multi:only-${other}/json`);
    expect(single.Descriptor.digest).toBe(otherDigest);
    expect(single.Platforms).toEqual([{ architecture: other, os: "linux" }]);
    expect(await client.json<unknown[]>("GET", "/images/json")).toEqual([]);
    await expect(client.request("GET", `/distribution/${registry.host}/multi:absent/json`)).rejects.toThrow();
    expect((await pull(`${registry.host}/multi:both`)).lines.find((l) => l.error)).toBeUndefined();
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/multi:both` } });
    await client.request("POST", `/containers/${Id}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode).toBe(0);
    const logs = await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1 } })).arrayBuffer();
    expect(demux(Buffer.from(logs)).stdout).toBe(host);
    await client.request("DELETE", `/containers/${Id}`);
    const chosen = await client.request("POST", "/images/create", { query: { fromImage: `${registry.host}/multi`, tag: "both", platform: `linux/${other}` } });
    expect(await chosen.text()).not.toContain("error");
    const info = await client.json<{ Architecture: string }>("GET", `/images/${registry.host}/multi:both/json`);
    expect(info.Architecture).toBe(other);
    const none = await client.request("POST", "/images/create", { query: { fromImage: `${registry.host}/multi`, tag: "both", platform: "linux/s390x" } });
    expect(await none.text()).toContain("no matching manifest for linux/s390x in the manifest list entries");
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
  });

  test("cp works on created and exited containers: their filesystem is set up for the copy, nothing runs", async () => {
    await pull(`${registry.host}/busybox:latest`);
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/busybox:latest`, Cmd: ["sh", "-c", "cat /put.txt; echo made > /made.txt"] } });
    const put = await fetch(`http://x/v1.44/containers/${Id}/archive?path=/`, { method: "PUT", body: await writeTar(new Map([["put.txt", Buffer.from("put before start\n")]])), unix: ctx.dirs.paths.socket } as RequestInit);
    expect(await put.text()).toBe("");
    expect(put.status).toBe(200);
    const head = await client.request("HEAD", `/containers/${Id}/archive`, { query: { path: "/put.txt" } });
    expect(JSON.parse(Buffer.from(head.headers.get("x-docker-container-path-stat")!, "base64").toString())).toMatchObject({ name: "put.txt", size: 17 });
    expect((await client.json<{ State: { Status: string } }>("GET", `/containers/${Id}/json`)).State.Status).toBe("created");
    await client.request("POST", `/containers/${Id}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode).toBe(0);
    const logs = await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1 } })).arrayBuffer();
    expect(demux(Buffer.from(logs)).stdout).toBe("put before start\n");
    const got = await readTar(new Uint8Array(await (await client.request("GET", `/containers/${Id}/archive`, { query: { path: "/made.txt" } })).arrayBuffer()));
    expect(got.get("made.txt")?.toString()).toBe("made\n");
    await expect(client.request("GET", `/containers/${Id}/archive`, { query: { path: "/nope" } })).rejects.toThrow("Could not find the file /nope in container");
    expect((await client.json<{ State: { Status: string } }>("GET", `/containers/${Id}/json`)).State.Status).toBe("exited");
    await client.request("DELETE", `/containers/${Id}`);
  });

  test("anonymous volumes (Config.Volumes) get the image's content; --volumes-from shares them; rm -v removes them", async () => {
    await pull(`${registry.host}/busybox:latest`);
    const run = async (body: Record<string, unknown>) => {
      const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/busybox:latest`, ...body } });
      await client.request("POST", `/containers/${Id}/start`);
      const code = (await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode;
      const logs = await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer();
      return { id: Id, code, out: demux(Buffer.from(logs)).stdout };
    };
    const first = await run({ Cmd: ["sh", "-c", "head -n1 /etc/passwd; echo mine > /etc/added; echo x > /data/new"], Volumes: { "/etc": {}, "/data": {} } });
    expect(first.code).toBe(0);
    expect(first.out).toBe("root:x:0:0:root:/root:/bin/sh\n"); // copied up from the image into the new volume
    const info = await client.json<{ Mounts: { Type: string; Name: string; Destination: string; Source: string }[] }>("GET", `/containers/${first.id}/json`);
    const etc = info.Mounts.find((m) => m.Destination === "/etc")!;
    expect(etc.Type).toBe("volume");
    expect(etc.Name).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(etc.Source, "added"), "utf8")).toBe("mine\n");
    const second = await run({ Cmd: ["sh", "-c", "cat /etc/added /data/new"], HostConfig: { VolumesFrom: [`${first.id}:ro`] } });
    expect(second.out).toBe("mine\nx\n");
    const readonly = await run({ Cmd: ["sh", "-c", "echo no > /data/ro"], HostConfig: { VolumesFrom: [`${first.id}:ro`] } });
    expect(readonly.code).not.toBe(0);
    const volumes = async () => (await client.json<{ Volumes: { Name: string }[] }>("GET", "/volumes")).Volumes.map((v) => v.Name);
    expect(await volumes()).toContain(etc.Name);
    await client.request("DELETE", `/containers/${second.id}`, { query: { v: 1 } });
    await client.request("DELETE", `/containers/${readonly.id}`, { query: { v: 1 } });
    expect(await volumes()).toContain(etc.Name); // --volumes-from does not own them
    await client.request("DELETE", `/containers/${first.id}`, { query: { v: 1 } });
    expect(await volumes()).not.toContain(etc.Name);
    expect(existsSync(etc.Source)).toBe(false);
    // docker cp into a created container's volume lands in the volume (not under its mount point).
    const { Id: cp } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/busybox:latest`, Cmd: ["cat", "/vol1/song"], Volumes: { "/vol1": {} } } });
    const put = await fetch(`http://x/v1.44/containers/${cp}/archive?path=/vol1`, { method: "PUT", body: await writeTar(new Map([["song", Buffer.from("Deaf To All But The Song")]])), unix: ctx.dirs.paths.socket } as RequestInit);
    expect(put.status).toBe(200);
    await client.request("POST", `/containers/${cp}/start`);
    await client.json("POST", `/containers/${cp}/wait`);
    const logs = await (await client.request("GET", `/containers/${cp}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer();
    expect(demux(Buffer.from(logs)).stdout).toBe("Deaf To All But The Song");
    await client.request("DELETE", `/containers/${cp}`, { query: { v: 1 } });
  });

  test("commit: a container's changes, deletions included, become a new image", async () => {
    await pull(`${registry.host}/busybox:latest`);
    const run = async (image: string, cmd: string[]) => {
      const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: image, Cmd: cmd } });
      await client.request("POST", `/containers/${Id}/start`);
      const code = (await client.json<{ StatusCode: number }>("POST", `/containers/${Id}/wait`)).StatusCode;
      const logs = await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer();
      return { id: Id, code, out: demux(Buffer.from(logs)).stdout };
    };
    const changed = await run(`${registry.host}/busybox:latest`, ["sh", "-c", "echo saved > /saved && rm /bin/true"]);
    expect(changed.code).toBe(0);
    const changes = await client.json<{ Path: string; Kind: number }[]>("GET", `/containers/${changed.id}/changes`);
    expect(changes).toContainEqual({ Path: "/saved", Kind: 1 });
    expect(changes).toContainEqual({ Path: "/bin", Kind: 0 });
    expect(changes).toContainEqual({ Path: "/bin/true", Kind: 2 });
    // The runtime's mount points are not the container's changes (Docker keeps them apart too).
    expect(changes.filter((c) => ["/dev", "/proc", "/sys", "/etc", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"].includes(c.Path))).toEqual([]);
    // export: the merged tree, the image's files with the container's changes, no whiteouts.
    const exported = await readTar(new Uint8Array(await (await client.request("GET", `/containers/${changed.id}/export`)).arrayBuffer()));
    expect(exported.get("saved")?.toString()).toBe("saved\n");
    expect(exported.has("bin/sh")).toBe(true);
    expect(exported.has("bin/true")).toBe(false);
    expect([...exported.keys()].filter((n) => n.includes(".wh."))).toEqual([]);
    await expect(client.request("GET", "/containers/nosuch/export")).rejects.toThrow("No such container: nosuch");
    const { Id: imageId } = await client.json<{ Id: string }>("POST", "/commit", { query: { container: changed.id, repo: "committed", tag: "1", comment: "test" } });
    const info = await client.json<{ Id: string; RootFS: { Layers: string[] }; Container: string; ContainerConfig: { Image: string }; Parent: string }>("GET", "/images/committed:1/json");
    expect(info.Id).toBe(imageId);
    // Docker's legacy fields: the source container, the image it was made from, the local parent.
    expect(info.Container).toBe(changed.id);
    expect(info.ContainerConfig.Image).toBe(`${registry.host}/busybox:latest`);
    expect(info.Parent).toBe((await client.json<{ Id: string }>("GET", `/images/${registry.host}/busybox:latest/json`)).Id);
    expect(info.RootFS.Layers).toHaveLength(2);
    expect((await run("committed:1", ["cat", "/saved"])).out).toBe("saved\n");
    // Owners and modes a container set survive commit (rootless: read inside the user namespace).
    const owned = await run(`${registry.host}/busybox:latest`, ["sh", "-c", "touch /owned && chown 5:6 /owned && chmod 600 /owned"]);
    await client.json("POST", "/commit", { query: { container: owned.id, repo: "committed", tag: "owned" } });
    expect((await run("committed:owned", ["stat", "-c", "%u:%g:%a", "/owned"])).out).toBe("5:6:600\n");
    // --change: Dockerfile instructions on the new image's config; a non-config one is refused.
    await client.json("POST", "/commit", { query: { container: owned.id, repo: "committed", tag: "changed", changes: ["EXPOSE 8000", 'CMD ["cat", "/owned"]', "ENV MODE=prod"] } });
    const changedInfo = await client.json<{ Config: { ExposedPorts: Record<string, object>; Cmd: string[]; Env: string[] } }>("GET", "/images/committed:changed/json");
    expect(changedInfo.Config.ExposedPorts).toEqual({ "8000/tcp": {} });
    expect(changedInfo.Config.Cmd).toEqual(["cat", "/owned"]);
    expect(changedInfo.Config.Env).toContain("MODE=prod");
    await expect(client.json("POST", "/commit", { query: { container: owned.id, changes: ["RUN rm -rf /"] } })).rejects.toThrow("RUN is not a valid change command");
    const history = await client.json<{ Id: string; CreatedBy: string; Comment: string; Tags: string[] | null; Size: number }[]>("GET", "/images/committed:1/history");
    expect(history.map((h) => [h.Id === imageId, h.CreatedBy, h.Comment, h.Tags])).toEqual([
      [true, "sh -c echo saved > /saved && rm /bin/true", "test", ["committed:1"]],
      [false, "test fixture", "", null],
    ]);
    expect(history[0]!.Size).toBeGreaterThan(0);
    expect((await run("committed:1", ["ls", "/bin/true"])).code).not.toBe(0); // the deletion is a whiteout
    for (const c of await client.json<{ Id: string }[]>("GET", "/containers/json", { query: { all: 1 } })) await client.request("DELETE", `/containers/${c.Id}`, { query: { force: 1 } });
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
  });

  test("layer files keep the owners the image gives them (rootless: unpacked in the user namespace)", async () => {
    const tarStream = (await import("tar-stream")).default;
    const pack = tarStream.pack();
    pack.entry({ name: "owned", mode: 0o640, uid: 1000, gid: 2000 }, "mine\n");
    pack.entry({ name: "srv", type: "directory", mode: 0o750, uid: 33, gid: 33 });
    pack.finalize();
    const chunks: Buffer[] = [];
    for await (const c of pack) chunks.push(c as Buffer);
    const { pushDirectory } = await import("../helpers/local-registry.ts");
    await pushDirectory(registry.host, "owners", "1", rootfs.dir, ["sh"], new Uint8Array(Buffer.concat(chunks)));
    const { lines } = await pull(`${registry.host}/owners:1`);
    expect(lines.find((l) => l.error)).toBeUndefined();
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/owners:1`, Cmd: ["stat", "-c", "%u:%g %a %n", "/owned", "/srv", "/bin/busybox"] } });
    await client.request("POST", `/containers/${Id}/start`);
    await client.json("POST", `/containers/${Id}/wait`);
    const text = demux(Buffer.from(await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout;
    expect(text).toBe("1000:2000 640 /owned\n33:33 750 /srv\n0:0 755 /bin/busybox\n");
    await client.request("DELETE", `/containers/${Id}`);
    // Removing the image removes its snapshots even with files of other ids in them.
    await client.request("DELETE", `/images/${registry.host}/owners:1`);
    expect(await client.json("GET", "/images/json")).toEqual([]);
  });

  test("auth checks credentials against a registry; image prune removes untagged images", async () => {
    expect(await client.json("POST", "/auth", { body: { username: "u", password: "p", serveraddress: registry.host } })).toEqual({ Status: "Login Succeeded", IdentityToken: "" });
    await pull(`${registry.host}/busybox:latest`);
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/busybox:latest`, Cmd: ["touch", "/x"] } });
    await client.request("POST", `/containers/${Id}/start`);
    await client.json("POST", `/containers/${Id}/wait`);
    const { Id: dangling } = await client.json<{ Id: string }>("POST", "/commit", { query: { container: Id } });
    await client.request("DELETE", `/containers/${Id}`);
    const pruned = await client.json<{ ImagesDeleted: { Deleted?: string }[] }>("POST", "/images/prune");
    expect(pruned.ImagesDeleted).toEqual([{ Deleted: dangling }]);
    expect((await client.json<{ RepoTags: string[] }[]>("GET", "/images/json")).map((i) => i.RepoTags)).toEqual([[`${registry.host}/busybox:latest`]]);
    const all = await client.json<{ ImagesDeleted: { Deleted?: string }[] }>("POST", "/images/prune", { query: { filters: JSON.stringify({ dangling: ["false"] }) } });
    expect(all.ImagesDeleted.filter((e) => e.Deleted)).toHaveLength(1);
    expect(await client.json("GET", "/images/json")).toEqual([]);
  });

  test("import: a root filesystem tarball becomes a runnable one-layer image", async () => {
    const tarred = Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-czf", "-", "."]);
    const res = await fetch(`http://x/v1.44/images/create?fromSrc=-&repo=imported&tag=2&changes=${encodeURIComponent("USER nobody")}&changes=${encodeURIComponent('CMD ["echo", "by-default"]')}`, { method: "POST", body: tarred.stdout, unix: ctx.dirs.paths.socket } as RequestInit);
    const status = JSON.parse((await res.text()).trim()).status as string;
    expect(status).toMatch(/^sha256:[0-9a-f]{64}$/);
    const info = await client.json<{ Id: string; RootFS: { Layers: string[] }; Os: string; Config: { User: string; Cmd: string[] } }>("GET", "/images/imported:2/json");
    expect(info.Id).toBe(status);
    expect(info.Config).toMatchObject({ User: "nobody", Cmd: ["echo", "by-default"] });
    expect(info.RootFS.Layers).toHaveLength(1);
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: "imported:2", Cmd: ["echo", "from-import"] } });
    await client.request("POST", `/containers/${Id}/start`);
    await client.json("POST", `/containers/${Id}/wait`);
    expect(demux(Buffer.from(await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout).toBe("from-import\n");
    await client.request("DELETE", `/containers/${Id}`);
    await client.request("DELETE", "/images/imported:2");
  });

  test("layers unpack side by side; one that does not match its diff_id fails the pull and leaves nothing", async () => {
    const busyboxTar = new Uint8Array(Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."]).stdout);
    const layer = async (name: string) => writeTar(new Map([[name, Buffer.from(name)]]));
    const tars = [busyboxTar, await layer("one"), await layer("two"), await layer("three")];
    await pushLayers(registry.host, "layered", "good", tars, ["cat", "/one", "/two", "/three"]);
    await pushLayers(registry.host, "layered", "bad", [busyboxTar, await layer("uno"), await layer("dos"), await layer("tres")], ["sh"], undefined, { wrongDiffId: 2 });
    const bad = await pull(`${registry.host}/layered:bad`);
    expect(String(bad.lines.at(-1)!.error)).toContain("does not match the image config's");
    const snapshots = join(ctx.dirs.paths.dataRoot, "snapshots");
    expect(readdirSync(snapshots).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect((await client.json<{ RepoTags: string[] }[]>("GET", "/images/json")).flatMap((i) => i.RepoTags)).not.toContain(`${registry.host}/layered:bad`);
    // A blob the registry lost: the layers unpacking meanwhile are dropped, nothing stays half-made.
    await pushLayers(registry.host, "layered", "lost", [busyboxTar, await layer("eins"), await layer("zwei"), await layer("drei")], ["sh"]);
    const accept = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";
    const lostManifest = (await (await fetch(`http://${registry.host}/v2/layered/manifests/lost`, { headers: { Accept: accept } })).json()) as { layers: { digest: string }[] };
    const gone = lostManifest.layers[2]!.digest;
    expect((await fetch(`http://${registry.host}/v2/layered/blobs/${gone}`, { method: "DELETE" })).status).toBe(202);
    const before = readdirSync(snapshots).sort();
    const lost = await pull(`${registry.host}/layered:lost`);
    expect(String(lost.lines.at(-1)!.error)).toMatch(/blob unknown|not found|404/i);
    expect(readdirSync(snapshots).filter((n) => n.startsWith(".tmp-"))).toEqual([]);
    expect(readdirSync(snapshots).sort()).toEqual(before);
    expect((await client.json<{ RepoTags: string[] }[]>("GET", "/images/json")).flatMap((i) => i.RepoTags)).not.toContain(`${registry.host}/layered:lost`);
    expect((await pull(`${registry.host}/layered:good`)).lines.find((l) => l.error)).toBeUndefined();
    const { Id } = await client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: `${registry.host}/layered:good` } });
    await client.request("POST", `/containers/${Id}/start`);
    await client.json("POST", `/containers/${Id}/wait`);
    const logs = await (await client.request("GET", `/containers/${Id}/logs`, { query: { stdout: 1 } })).arrayBuffer();
    expect(demux(Buffer.from(logs)).stdout).toBe("onetwothree");
    await client.request("DELETE", `/containers/${Id}`);
    for (const i of await client.json<{ Id: string }[]>("GET", "/images/json")) await client.request("DELETE", `/images/${i.Id}`, { query: { force: 1 } });
  });

  test("layers whose root the tar gives to another owner (a user's own tar) are pulled and stored", async () => {
    // Rootless, such a root belongs to one of the user's subordinate ids: the daemon cannot move
    // it out of the staging dir and unpacks it in place instead. As root it simply moves.
    const ownTar = (dir: string) => new Uint8Array(Bun.spawnSync(["tar", "-C", dir, "--numeric-owner", "--owner=4242", "--group=4242", "-cf", "-", "."]).stdout);
    const extra = mkdtempSync("/tmp/bk-owned-");
    writeFileSync(join(extra, "owned.txt"), "mine\n");
    const tars = [ownTar(rootfs.dir), ownTar(extra)];
    rmSync(extra, { recursive: true, force: true });
    await pushLayers(registry.host, "owned", "1", tars, ["sh"]);
    const { lines } = await pull(`${registry.host}/owned:1`);
    expect(lines.at(-1)!.error).toBeUndefined();
    const img = await client.json<{ RootFS: { Layers: string[] } }>("GET", `/images/${registry.host}/owned:1/json`);
    expect(img.RootFS.Layers.length).toBe(2);
    await client.request("DELETE", `/images/${registry.host}/owned:1`, { query: { force: 1 } });
  });

  test("a layer whose bytes are not its digest fails the pull, even though it unpacks as it downloads, and leaves nothing", async () => {
    const busyboxTar = new Uint8Array(Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."]).stdout);
    await pushLayers(registry.host, "tampered", "1", [busyboxTar, await writeTar(new Map([["extra", Buffer.from("extra")]]))], ["sh"]);
    const accept = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";
    const manifest = (await (await fetch(`http://${registry.host}/v2/tampered/manifests/1`, { headers: { Accept: accept } })).json()) as { layers: { digest: string }[] };
    const spoilt = manifest.layers[0]!.digest;
    // Another gzip time stamp: the same tar comes out (the diff_id matches), the blob's digest does not.
    const bytes = readFileSync(registry.blobPath(spoilt));
    bytes[4] = bytes[4]! ^ 0xff;
    writeFileSync(registry.blobPath(spoilt), bytes);
    const snapshots = join(ctx.dirs.paths.dataRoot, "snapshots");
    const before = existsSync(snapshots) ? readdirSync(snapshots).sort() : [];
    const { lines } = await pull(`${registry.host}/tampered:1`);
    expect(String(lines.at(-1)!.error)).toContain("digest mismatch");
    expect(readdirSync(snapshots).sort()).toEqual(before);
    expect(existsSync(join(ctx.dirs.paths.dataRoot, "blobs", "sha256", spoilt.slice(7)))).toBe(false);
    // Nor a partial file to resume from: wrong bytes would fail every later pull the same way.
    const ingest = join(ctx.dirs.paths.dataRoot, "ingest");
    expect(existsSync(ingest) ? readdirSync(ingest).filter((f) => f.startsWith(spoilt)) : []).toEqual([]);
    expect((await client.json<{ RepoTags: string[] }[]>("GET", "/images/json")).flatMap((i) => i.RepoTags)).not.toContain(`${registry.host}/tampered:1`);
    // The registry mended, the next pull works.
    bytes[4] = bytes[4]! ^ 0xff;
    writeFileSync(registry.blobPath(spoilt), bytes);
    const again = await pull(`${registry.host}/tampered:1`);
    expect(again.lines.at(-1)!.error).toBeUndefined();
    await client.request("DELETE", `/images/${registry.host}/tampered:1`, { query: { force: 1 } });
  });

  test("a pull that fails says why inside the stream and leaves no image", async () => {
    const { lines } = await pull(`${registry.host}/nothing:here`);
    expect(String(lines.at(-1)!.error)).toContain("not found");
    expect(await client.json("GET", "/images/json")).toEqual([]);
    await expect(client.request("GET", "/images/nothing/json")).rejects.toThrow("No such image: nothing");
  });
});
