import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { apiDaemon, demux } from "../helpers/api-daemon.ts";
import { contextTar, postBuild, runIn as runImage, type ContextFile } from "../helpers/build-api.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { pushDirectory, registryBin, startLocalRegistry } from "../helpers/local-registry.ts";

const skip = !registryBin || !busyboxPath;
if (skip) console.log("skip: build API tests need docker-registry and busybox-static");

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let registry: Awaited<ReturnType<typeof startLocalRegistry>>;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
let BB: string;

const build = (files: Record<string, ContextFile>, query: Record<string, string | string[]> = {}, gzip = false) => postBuild(ctx.dirs.paths.socket, files, query, gzip);
const runIn = (image: string, cmd?: string[]) => runImage(ctx.client, image, cmd ? { Cmd: cmd } : {});

describe.skipIf(skip)("docker build through the API (legacy builder)", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    BB = `${registry.host}/busybox:latest`;
    ctx = await apiDaemon("bk-build-");
  }, 60_000);
  afterAll(async () => {
    await ctx?.daemon.stop();
    await registry?.stop();
    ctx?.dirs.cleanup();
    rootfs?.cleanup();
  });

  const dockerfile = () => `FROM ${BB}\nRUN echo built > /built\nCOPY file.txt /file.txt\nCMD ["cat", "/built", "/file.txt"]\n`;

  test("builds, streams Docker's step lines, tags, and the image runs", async () => {
    const out = await build({ Dockerfile: dockerfile(), "file.txt": "payload\n" }, { t: "cf_built:1" });
    expect(out.error).toBeUndefined();
    expect(out.text).toContain(`Step 1/4 : FROM ${BB}\n`);
    expect(out.text).toContain("Step 2/4 : RUN echo built > /built\n");
    expect(out.text).toMatch(/ ---> Running in [0-9a-f]{12}\n/);
    expect(out.text).toMatch(/ ---> Removed intermediate container [0-9a-f]{12}\n/);
    expect(out.text).toContain('Step 4/4 : CMD ["cat", "/built", "/file.txt"]\n');
    expect(out.text).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged cf_built:1\n$/);
    expect(out.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await runIn("cf_built:1")).toBe("built\npayload\n");
    const info = await ctx.client.json<{ Id: string; Config: { Cmd: string[] }; RootFS: { Layers: string[] } }>("GET", "/images/cf_built:1/json");
    expect(info.Id).toBe(out.id!);
    expect(info.Config.Cmd).toEqual(["cat", "/built", "/file.txt"]);
    const history = await ctx.client.json<{ CreatedBy: string; Size: number }[]>("GET", "/images/cf_built:1/history");
    expect(history[0]!.CreatedBy).toBe('/bin/sh -c #(nop)  CMD ["cat" "/built" "/file.txt"]');
    expect(history[1]!.CreatedBy).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/file.txt $/);
    expect(history[2]!.CreatedBy).toBe("/bin/sh -c echo built > /built");
  }, 60_000);

  test("a second build uses the cache for every step and gives the same image", async () => {
    const first = await build({ Dockerfile: dockerfile(), "file.txt": "payload\n" }, { t: "cf_built:1" });
    const again = await build({ Dockerfile: dockerfile(), "file.txt": "payload\n" }, { t: "cf_built:1" });
    expect(again.error).toBeUndefined();
    expect(again.text.match(/ ---> Using cache\n/g)?.length).toBe(3);
    expect(again.text).not.toContain("Running in");
    expect(again.id).toBe(first.id!);
    // a changed file invalidates the COPY and what follows, not the RUN
    const changed = await build({ Dockerfile: dockerfile(), "file.txt": "other\n" }, { t: "cf_built:2" });
    expect(changed.text.match(/ ---> Using cache\n/g)?.length).toBe(1);
    expect(changed.id).not.toBe(first.id!);
    expect(await runIn("cf_built:2")).toBe("built\nother\n");
    const none = await build({ Dockerfile: dockerfile(), "file.txt": "payload\n" }, { nocache: "1" });
    expect(none.text).not.toContain("Using cache");
  }, 90_000);

  test("a failing RUN names the line, returns its status, keeps earlier steps cached and tags nothing", async () => {
    const df = `FROM ${BB}\nRUN echo step-one > /one\nRUN echo out; exit 3\n`;
    const out = await build({ Dockerfile: df }, { t: "broken:1" });
    expect(out.error).toBe("Dockerfile:3: RUN echo out; exit 3: The command '/bin/sh -c echo out; exit 3' returned a non-zero code: 3");
    expect(out.code).toBe(3);
    expect(out.text).toContain("out\n");
    await expect(ctx.client.request("GET", "/images/broken:1/json")).rejects.toThrow("No such image: broken:1");
    // as Docker's rm=1 (the default): the failed step's container stays for a look; forcerm removes it
    const kept = await ctx.client.json<{ Id: string; Command: string }[]>("GET", "/containers/json", { query: { all: "1" } });
    expect(kept.filter((c) => c.Command.includes("exit 3"))).toHaveLength(1);
    const again = await build({ Dockerfile: df }, { t: "broken:1", forcerm: "1" });
    expect(again.text.match(/ ---> Using cache\n/g)?.length).toBe(1);
    expect(again.text).toMatch(/ ---> Removed intermediate container [0-9a-f]{12}\n$/);
    const after = await ctx.client.json<{ Id: string; Command: string }[]>("GET", "/containers/json", { query: { all: "1" } });
    expect(after.filter((c) => c.Command.includes("exit 3"))).toHaveLength(1);
    for (const c of after) await ctx.client.request("DELETE", `/containers/${c.Id}`, { query: { force: "1" } });
  }, 60_000);

  test("parse errors and missing files name the Dockerfile and the line", async () => {
    const bad = await build({ Dockerfile: `FROM ${BB}\nRUNN echo\n` });
    expect(bad.error).toMatch(/^Dockerfile:2: .*unknown instruction: RUNN/i);
    const missing = await build({ Dockerfile: `FROM ${BB}\nCOPY nothere /x\n` });
    expect(missing.error).toBe("Dockerfile:2: COPY nothere /x: COPY failed: file not found in build context or excluded by .dockerignore: stat nothere: file does not exist");
    const platform = await build({ Dockerfile: `FROM ${BB}\n` }, { platform: "linux/s390x" });
    expect(platform.error).toContain("is not supported: Bunker builds for the host platform");
  }, 60_000);

  test("multi-stage with COPY --from, --target, ARG/ENV substitution, build args, labels and config steps", async () => {
    const df = [
      "ARG BASE",
      "FROM ${BASE} AS builder",
      "ARG GREETING=hello",
      "RUN mkdir -p /out && echo \"$GREETING from builder\" > /out/msg",
      "FROM ${BASE} AS unused",
      "RUN exit 9",
      "FROM ${BASE}",
      "ENV DIR=/app NAME=demo",
      "WORKDIR ${DIR}/sub",
      "COPY --from=builder /out/msg ./",
      "COPY --chown=1000:2000 --chmod=0750 data/ /data/",
      "USER worker",
      "LABEL name=${NAME}",
      "EXPOSE 8080/tcp",
      "ENTRYPOINT [\"cat\"]",
      "CMD [\"msg\"]",
    ].join("\n");
    const out = await build(
      { Dockerfile: df, "data/a.txt": "A", "data/sub/b.txt": "B" },
      { t: "multi:1", buildargs: JSON.stringify({ BASE: BB, GREETING: "hi" }), labels: JSON.stringify({ extra: "yes" }) },
    );
    expect(out.error).toBeUndefined();
    expect(out.text).not.toContain("exit 9"); // the unused stage is not built
    expect(await runIn("multi:1")).toBe("hi from builder\n");
    expect(await runIn("multi:1", ["/data/sub/b.txt"])).toBe("B");
    const info = await ctx.client.json<{ Config: { WorkingDir: string; User: string; Labels: Record<string, string>; ExposedPorts: Record<string, unknown>; Env: string[] } }>("GET", "/images/multi:1/json");
    expect(info.Config.WorkingDir).toBe("/app/sub");
    expect(info.Config.User).toBe("worker");
    expect(info.Config.Labels).toEqual({ name: "demo", extra: "yes" });
    expect(Object.keys(info.Config.ExposedPorts)).toEqual(["8080/tcp"]);
    expect(info.Config.Env).toContain("DIR=/app");
    const { Id } = await ctx.client.json<{ Id: string }>("POST", "/containers/create", { body: { Image: "multi:1", Entrypoint: ["stat", "-c", "%u:%g %a", "/data/a.txt", "/data/sub"] } });
    await ctx.client.request("POST", `/containers/${Id}/start`);
    await ctx.client.json("POST", `/containers/${Id}/wait`);
    const logs = demux(Buffer.from(await (await ctx.client.request("GET", `/containers/${Id}/logs`, { query: { stdout: "1", stderr: "1" } })).arrayBuffer()));
    expect(logs.stdout).toBe("1000:2000 750\n1000:2000 750\n");
    const target = await build({ Dockerfile: df }, { t: "multi:builder", target: "builder", buildargs: JSON.stringify({ BASE: BB }) });
    expect(target.error).toBeUndefined();
    expect(await runIn("multi:builder", ["cat", "/out/msg"])).toBe("hello from builder\n");
  }, 120_000);

  test("ADD unpacks a local tar, .dockerignore is applied, gzip contexts work, builder prune empties the cache", async () => {
    const inner = await contextTar({ "x/one.txt": "1", "x/two.txt": "2" });
    const df = `FROM ${BB}\nADD bundle.tar /opt/\nCOPY . /ctx/\nRUN ls /opt/x /ctx\n`;
    const out = await build({ Dockerfile: df, "bundle.tar": { data: inner }, ".dockerignore": "secret*\n", "secret.txt": "no", "keep.txt": "yes" }, { t: "add:1" }, true);
    expect(out.error).toBeUndefined();
    expect(out.text).toContain("one.txt\ntwo.txt\n");
    expect(out.text).toContain("keep.txt");
    expect(out.text).not.toContain("secret.txt");
    const pruned = await ctx.client.json<{ CachesDeleted: string[]; SpaceReclaimed: number }>("POST", "/build/prune");
    expect(pruned.CachesDeleted.length).toBeGreaterThan(0);
    expect(pruned.SpaceReclaimed).toBeGreaterThanOrEqual(0);
    const after = await build({ Dockerfile: df, "bundle.tar": { data: inner }, ".dockerignore": "secret*\n", "secret.txt": "no", "keep.txt": "yes" }, { t: "add:1" });
    expect(after.text).not.toContain("Using cache");
    expect(await runIn("add:1", ["cat", "/opt/x/two.txt"])).toBe("2");
  }, 120_000);

  test("RUN steps get the network: a user network by name (networkmode), extra hosts; stderr comes marked as Docker marks it", async () => {
    const client = ctx.client;
    await client.json("POST", "/networks/create", { body: { Name: "bnet" } });
    const { Id: target } = await client.json<{ Id: string }>("POST", "/containers/create", {
      query: { name: "bserver" },
      body: { Image: BB, Cmd: ["sh", "-c", "mkdir -p /www && echo served > /www/index.html && httpd -f -p 8080 -h /www"], HostConfig: { NetworkMode: "bnet" } },
    });
    await client.request("POST", `/containers/${target}/start`);
    const df = `FROM ${BB}\nRUN wget -qO /fetched http://bserver:8080/ && grep -q "extra.test" /etc/hosts && grep -q "other.test" /etc/hosts\nRUN >&2 echo to-stderr\n`;
    const out = await build({ Dockerfile: df }, { t: "netbuild:1", networkmode: "bnet", extrahosts: ["extra.test:127.0.0.2", "other.test:127.0.0.3"] });
    expect(out.error).toBeUndefined();
    expect(out.text).toContain("\x1b[91mto-stderr\n\x1b[0m");
    expect(await runIn("netbuild:1", ["cat", "/fetched"])).toBe("served\n");
    const missing = await build({ Dockerfile: df }, { networkmode: "no-such-net" });
    expect(missing.error ?? missing.text).toContain("network no-such-net not found");
    await client.request("DELETE", `/containers/${target}`, { query: { force: 1 } });
    await client.request("DELETE", "/networks/bnet");
  }, 120_000);

  test("cachefrom: only the named images and their parents count as cache; a missing one is skipped", async () => {
    const df = `FROM ${BB}\nENV FOO=bar\nRUN touch baz\nRUN touch bax\n`;
    expect((await build({ Dockerfile: df }, { t: "cf_src:1" })).error).toBeUndefined();
    const hits = (t: string) => t.match(/ ---> Using cache\n/g)?.length ?? 0;
    const from = await build({ Dockerfile: df }, { t: "cf_dst:1", cachefrom: JSON.stringify(["cf_src:1"]) });
    expect(hits(from.text)).toBe(3);
    const none = await build({ Dockerfile: df }, { t: "cf_dst:2", cachefrom: JSON.stringify(["nosuchtag"]) });
    expect(none.error).toBeUndefined();
    expect(hits(none.text)).toBe(0);
    const info = await ctx.client.json<{ Parent: string; Config: { OnBuild: unknown } }>("GET", "/images/cf_src:1/json");
    expect(info.Parent).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.Config.OnBuild).toBeNull();
  }, 120_000);
});
