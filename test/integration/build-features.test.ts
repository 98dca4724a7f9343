import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parseDaemonConfig } from "../../src/config/index.ts";
import { DockerClient, parseHost } from "../../src/client/index.ts";
import { startDaemon, type RunningDaemon } from "../../src/daemon/index.ts";
import { setLogLevel } from "../../src/lib/index.ts";
import { postBuild, runIn, type ContextFile } from "../helpers/build-api.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { pushDirectory, registryBin, startLocalRegistry } from "../helpers/local-registry.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const skip = !registryBin || !busyboxPath;
if (skip) console.log("skip: build feature tests need docker-registry and busybox-static");

let dirs: ReturnType<typeof tempBunkerDirs>;
let daemon: RunningDaemon;
let client: DockerClient;
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
let files: ReturnType<typeof Bun.serve> | undefined;
let BB: string;

const start = async () => {
  daemon = await startDaemon({ paths: dirs.paths, config: parseDaemonConfig("{}") });
  client = new DockerClient(parseHost(`unix://${dirs.paths.socket}`));
};
const build = (ctx: Record<string, ContextFile>, query: Record<string, string | string[]> = {}) => postBuild(dirs.paths.socket, ctx, query);

describe.skipIf(skip)("build features", () => {
  beforeAll(async () => {
    setLogLevel("warn");
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    BB = `${registry.host}/busybox:latest`;
    dirs = tempBunkerDirs("bk-bfeat-");
    await start();
    files = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => (new URL(req.url).pathname === "/dl/remote.txt" ? new Response("from the web\n", { headers: { "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT" } }) : new Response("no", { status: 404 })) });
  }, 60_000);
  afterAll(async () => {
    await daemon?.stop();
    await registry?.stop();
    files?.stop(true);
    dirs?.cleanup();
    rootfs?.cleanup();
  });

  test("the cache survives a daemon restart", async () => {
    const df = `FROM ${BB}\nRUN echo once > /once\n`;
    const first = await build({ Dockerfile: df }, { t: "restart:1" });
    expect(first.error).toBeUndefined();
    await daemon.stop();
    await start();
    const again = await build({ Dockerfile: df }, { t: "restart:1" });
    expect(again.text).toContain(" ---> Using cache\n");
    expect(again.id).toBe(first.id!);
  }, 60_000);

  test("history entries as Docker records them; intermediate images hidden from the list", async () => {
    const out = await build({ Dockerfile: `FROM ${BB}\nENV A=1\nRUN true\nLABEL x=y\n` }, { t: "hist:1" });
    expect(out.error).toBeUndefined();
    const history = await client.json<{ CreatedBy: string; Size: number }[]>("GET", "/images/hist:1/history");
    expect(history.slice(0, 3).map((h) => h.CreatedBy)).toEqual(["/bin/sh -c #(nop)  LABEL x=y", "/bin/sh -c true", "/bin/sh -c #(nop)  ENV A=1"]);
    const config = await client.json<{ RootFS: { Layers: string[] } }>("GET", "/images/hist:1/json");
    const base = await client.json<{ RootFS: { Layers: string[] } }>("GET", `/images/${BB}/json`);
    expect(config.RootFS.Layers).toEqual(base.RootFS.Layers); // RUN true changed nothing: an empty layer
    const listed = await client.json<{ RepoTags: string[] }[]>("GET", "/images/json");
    expect(listed.every((i) => i.RepoTags.length > 0)).toBe(true);
    const all = await client.json<{ RepoTags: string[] }[]>("GET", "/images/json", { query: { all: "1" } });
    expect(all.length).toBeGreaterThan(listed.length);
    // an untagged build's result is listed (as <none>), its intermediate steps are not
    const untagged = await build({ Dockerfile: `FROM ${BB}\nENV UNTAGGED=1\nCMD ["true"]\n` });
    const now = await client.json<{ Id: string; RepoTags: string[] }[]>("GET", "/images/json");
    expect(now.filter((i) => i.RepoTags.length === 0).map((i) => i.Id)).toEqual([untagged.id!]);
  }, 60_000);

  test("heredoc RUN, SHELL, USER with files only that user can read, WORKDIR creating its directory", async () => {
    const df = [
      `FROM ${BB}`,
      "RUN <<EOF",
      "echo one > /h1",
      "echo two >> /h1",
      "EOF",
      "RUN cat <<EOF > /h2",
      "three",
      "EOF",
      'SHELL ["/bin/sh", "-ec"]',
      "USER worker",
      "RUN mkdir -p /tmp/priv && echo secret > /tmp/priv/f && chmod 700 /tmp/priv && chmod 600 /tmp/priv/f",
      "USER root",
      "WORKDIR /made/here",
      "RUN pwd > /pwd",
    ].join("\n");
    const out = await build({ Dockerfile: df }, { t: "feat:1" });
    expect(out.error).toBeUndefined();
    expect(await runIn(client, "feat:1", { Cmd: ["cat", "/h1", "/h2", "/pwd"] })).toBe("one\ntwo\nthree\n/made/here\n");
    expect(await runIn(client, "feat:1", { Cmd: ["stat", "-c", "%U %a", "/tmp/priv", "/tmp/priv/f"] })).toBe("worker 700\nworker 600\n");
    expect(await runIn(client, "feat:1", { User: "worker", Cmd: ["cat", "/tmp/priv/f"] })).toBe("secret\n");
    const info = await client.json<{ Config: { Shell: string[]; WorkingDir: string } }>("GET", "/images/feat:1/json");
    expect(info.Config.Shell).toEqual(["/bin/sh", "-ec"]);
    expect(info.Config.WorkingDir).toBe("/made/here");
  }, 90_000);

  test("ONBUILD triggers run in the child build; COPY --from an image; ADD from a URL; --chown by name", async () => {
    const parent = await build({ Dockerfile: `FROM ${BB}\nONBUILD RUN echo triggered > /trig\n` }, { t: "parent:1" });
    expect(parent.error).toBeUndefined();
    const url = `http://127.0.0.1:${files!.port}/dl/remote.txt`;
    const df = [`FROM parent:1`, `COPY --from=${BB} /etc/group /copied-group`, `ADD ${url} /dl/`, "COPY --chown=worker:extra f.txt /owned.txt", "ARG WHO=heredoc", "COPY <<EOF /from-heredoc.txt", "made by $WHO", "EOF"].join("\n");
    const child = await build({ Dockerfile: df, "f.txt": "x" }, { t: "child:1" });
    expect(child.error).toBeUndefined();
    expect(child.text).toContain("# Executing 1 build trigger\n");
    expect(await runIn(client, "child:1", { Cmd: ["cat", "/trig", "/dl/remote.txt"] })).toBe("triggered\nfrom the web\n");
    expect(await runIn(client, "child:1", { Cmd: ["stat", "-c", "%u:%g %a", "/owned.txt", "/dl/remote.txt"] })).toBe("1000:2000 644\n0:0 600\n");
    expect(await runIn(client, "child:1", { Cmd: ["grep", "-c", "extra", "/copied-group"] })).toBe("1\n");
    expect(await runIn(client, "child:1", { Cmd: ["cat", "/from-heredoc.txt"] })).toBe("made by heredoc\n");
    const info = await client.json<{ Config: { OnBuild: string[] | null } }>("GET", "/images/child:1/json");
    expect(info.Config.OnBuild ?? []).toEqual([]);
    const missing = await build({ Dockerfile: `FROM ${BB}\nCOPY --chown=nobody-here f.txt /x\n`, "f.txt": "x" });
    expect(missing.error).toContain("Dockerfile:2: COPY --chown=nobody-here f.txt /x: unable to convert uid/gid chown string to host mapping");
  }, 90_000);

  test("bad requests: unknown target, BuildKit, a bad tag", async () => {
    const target = await build({ Dockerfile: `FROM ${BB}\n` }, { target: "nope" });
    expect(target.error).toBe('target stage "nope" could not be found');
    const bk = await build({ Dockerfile: `FROM ${BB}\n` }, { version: "2" });
    expect(bk.error).toContain("BuildKit is not supported");
    const tag = await build({ Dockerfile: `FROM ${BB}\n` }, { t: "Bad:Tag:x" });
    expect(tag.error).toContain("invalid reference format");
  }, 30_000);
});
