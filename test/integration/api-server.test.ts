import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connect } from "node:net";
import { statSync } from "node:fs";
import * as v from "valibot";
import { parseDaemonConfig } from "../../src/config/index.ts";
import { startDaemon, type RunningDaemon } from "../../src/daemon/index.ts";
import { DockerClient, parseHost, type InfoWire, type VersionWire } from "../../src/client/index.ts";
import { InvalidArgument, NotFound } from "../../src/lib/index.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const dirs = tempBunkerDirs();
let daemon: RunningDaemon;
let client: DockerClient;
const sock = dirs.paths.socket;

/** Raw HTTP over the socket, for asserting exact bytes and headers. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(sock, () => s.end(request));
    let out = "";
    s.on("data", (d) => (out += d));
    s.on("end", () => resolve(out));
    s.on("error", reject);
  });
}

beforeAll(async () => {
  daemon = await startDaemon({
    paths: dirs.paths,
    config: parseDaemonConfig("{}"),
    extraRoutes: () => [
      {
        // Echoes the body's text after validating it: proves JSON bodies are checked at the edge.
        method: "POST",
        path: "/_test/echo",
        handler: async (ctx) => ({ json: await ctx.json(v.object({ text: v.string() })) }),
      },
      {
        // A hijacked stream: echo what arrives, and after the client half-closes keep writing.
        method: "POST",
        path: "/_test/{id}/attach",
        handler: async (ctx) => {
          const { input, output } = await ctx.hijack("application/vnd.docker.raw-stream");
          input.on("data", (d: Buffer) => output.write(`echo:${d}`));
          input.on("end", async () => {
            for (let i = 0; i < 3; i++) {
              output.write(`after-close-${i}:${ctx.params.id}\n`);
              await Bun.sleep(20);
            }
            output.end();
          });
        },
      },
    ],
  });
  client = new DockerClient(parseHost(`unix://${sock}`));
});

afterAll(async () => {
  await daemon?.stop();
  dirs.cleanup();
});

describe("API server", () => {
  test("the socket is 0600", () => {
    expect(statSync(sock).mode & 0o777).toBe(0o600);
  });

  test("GET /_ping answers OK with Docker's headers", async () => {
    const res = await client.request("GET", "/_ping");
    expect(await res.text()).toBe("OK");
    expect(res.headers.get("api-version")).toBe("1.44");
    expect(res.headers.get("ostype")).toBe("linux");
    expect(res.headers.get("server")).toMatch(/^Bunker\/\d+\.\d+\.\d+ \(linux\)$/);
    expect(res.headers.get("builder-version")).toBe("1");
    expect(res.headers.get("cache-control")).toContain("no-cache");
  });

  test("HEAD /_ping has the headers and no body", async () => {
    const text = await raw("HEAD /_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(text).toStartWith("HTTP/1.1 200");
    expect(text).toMatch(/\r\nApi-Version: 1\.44\r\n/i);
    expect(text).toMatch(/\r\nBuilder-Version: 1\r\n/i);
    expect(text.endsWith("\r\n\r\n")).toBe(true);
  });

  test("routes answer with and without a /v1.NN prefix", async () => {
    for (const path of ["/version", "/v1.24/version", "/v1.44/version", "/v1.41/version"]) {
      const res = await fetch(`http://x${path}`, { unix: sock } as RequestInit);
      expect(res.status).toBe(200);
      const body = (await res.json()) as VersionWire;
      expect(body.ApiVersion).toBe("1.44");
      expect(body.MinAPIVersion).toBe("1.24");
      expect(body.Components.map((c) => c.Name)).toEqual(["Engine", "bunker-helper"]);
      expect(body.Components[1]!.Details!.ABI).toBe("1");
    }
  });

  test("versions outside 1.24..1.44 are a 400 with Docker's wording", async () => {
    const old = await fetch("http://x/v1.12/version", { unix: sock } as RequestInit);
    expect(old.status).toBe(400);
    expect(((await old.json()) as { message: string }).message).toBe(
      "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version",
    );
    const future = await fetch("http://x/v1.99/info", { unix: sock } as RequestInit);
    expect(future.status).toBe(400);
    expect(((await future.json()) as { message: string }).message).toBe("client version 1.99 is too new. Maximum supported API version is 1.44");
  });

  test("GET /info carries real host facts", async () => {
    const info = await client.json<InfoWire>("GET", "/info");
    const uid = process.getuid!();
    expect(info.OSType).toBe("linux");
    expect(info.KernelVersion).toBe(require("node:os").release());
    expect(info.NCPU).toBe(require("node:os").availableParallelism());
    expect(info.MemTotal).toBe(require("node:os").totalmem());
    expect(info.Swarm).toMatchObject({ LocalNodeState: "inactive" });
    expect(info.DockerRootDir).toBe(dirs.paths.dataRoot);
    expect(info.Bunker.Rootless).toBe(uid !== 0);
    expect(info.Bunker.Uid).toBe(uid);
    expect(["1", "2"]).toContain(info.CgroupVersion as string);
    expect(typeof info.Bunker.Cgroups.Delegated).toBe("boolean");
    expect(["overlay", "fuse-overlayfs", "vfs"]).toContain(info.Driver as string);
    expect(info.Bunker.Storage.Driver).toBe(info.Driver as string);
    expect(info.Bunker.UserNamespaces.Works).toBe(true); // this machine allows them
    expect(info.ID).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("the engine id survives a restart of the service", async () => {
    const first = (await client.json<InfoWire>("GET", "/info")).ID;
    const again = (await client.json<InfoWire>("GET", "/info")).ID;
    expect(again).toBe(first);
  });

  test("unknown routes are 404 page not found, Content-Type exactly application/json", async () => {
    const res = await fetch("http://x/v1.44/no/such/route", { unix: sock } as RequestInit);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ message: "page not found" });
    await expect(client.request("GET", "/nothing")).rejects.toBeInstanceOf(NotFound);
  });

  test("a malformed JSON body is a 400 that names the problem", async () => {
    const post = (body: string, type = "application/json") =>
      fetch("http://x/v1.44/_test/echo", { unix: sock, method: "POST", body, headers: { "Content-Type": type } } as RequestInit);
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/json");
    expect(((await bad.json()) as { message: string }).message).toStartWith("malformed JSON in request body:");
    const wrongShape = await post(JSON.stringify({ text: 5 }));
    expect(wrongShape.status).toBe(400);
    expect(((await wrongShape.json()) as { message: string }).message).toContain('"text"');
    const wrongType = await post("text=hi", "text/plain");
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { message: string }).message).toContain("must be 'application/json'");
    const ok = await post(JSON.stringify({ text: "hi" }));
    expect(await ok.json()).toEqual({ text: "hi" });
    await expect(client.json("POST", "/_test/echo", { body: { text: 1 } })).rejects.toBeInstanceOf(InvalidArgument);
  });

  test("Connection: Upgrade gives 101 UPGRADED and a raw stream that outlives the client's half-close", async () => {
    const { socket, head, headers } = await client.hijack("POST", "/_test/c1/attach", { Detach: false, Tty: false });
    expect(headers["content-type"]).toBe("application/vnd.docker.raw-stream");
    expect(headers["api-version"]).toBe("1.44");
    let received = head.toString();
    socket.on("data", (d) => (received += d));
    socket.resume();
    socket.write("hello");
    await Bun.sleep(50);
    socket.end(); // half-close: we are done sending, the server is not done writing
    await new Promise((resolve) => socket.once("end", resolve));
    expect(received).toBe("echo:helloafter-close-0:c1\nafter-close-1:c1\nafter-close-2:c1\n");
  });

  test("the status line of an upgrade is exactly HTTP/1.1 101 UPGRADED", async () => {
    const text = await raw("POST /v1.44/_test/c2/attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n");
    expect(text.split("\r\n")[0]).toBe("HTTP/1.1 101 UPGRADED");
    expect(text).toEndWith("after-close-2:c2\n");
  });

  test("without Upgrade the stream comes as a 200 body", async () => {
    const res = await fetch("http://x/v1.44/_test/c3/attach", { unix: sock, method: "POST" } as RequestInit);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.docker.raw-stream");
    expect(await res.text()).toBe("after-close-0:c3\nafter-close-1:c3\nafter-close-2:c3\n");
  });

  test("an upgrade to an unknown route is a 404 on the raw socket", async () => {
    const text = await raw("POST /v1.44/nope/attach HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
    expect(text).toStartWith("HTTP/1.1 404");
    expect(text).toContain('{"message":"page not found"}');
  });
});

describe("cgroup delegation on this host", () => {
  const uid = process.getuid!();
  // .ci/run creates <mount>/bunker/<uid> in each v1 hierarchy and chowns it, as pam_cgfs would.
  const handed = `/sys/fs/cgroup/memory/bunker/${uid}`;
  const hasSubtree = uid !== 0 && require("node:fs").existsSync(handed) && require("node:fs").statSync(handed).uid === uid;
  if (!hasSubtree) console.log(uid === 0 ? "skip: the delegated-subtree check is for a non-root user" : `skip: no root-made cgroup v1 subtree ${handed} for this non-root user (.ci/run makes one)`);
  test.skipIf(!hasSubtree)("a root-made, chowned v1 subtree shows as delegated in /info", async () => {
    const info = await client.json<InfoWire>("GET", "/info");
    expect(info.CgroupVersion).toBe("1");
    expect(info.Bunker.Cgroups.Delegated).toBe(true);
    expect(info.Bunker.Cgroups.Controllers).toContain("memory");
    expect(info.MemoryLimit).toBe(true);
  });
  if (uid !== 0) console.log("skip: the root cgroup check runs as root only");
  test.skipIf(uid !== 0)("root may manage cgroups", async () => {
    const info = await client.json<InfoWire>("GET", "/info");
    expect(info.Bunker.Cgroups.Delegated).toBe(true);
  });
});
