import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, dockerCliPath, runBunker, runDocker } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const docker = dockerCliPath;
const skipReason = !docker ? "the docker CLI is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : !Bun.which("docker-registry") || !Bun.which("busybox") ? "docker-registry and busybox-static are needed" : "";
if (skipReason) console.log(`skip: build CLI tests: ${skipReason}`);

describe.skipIf(!!skipReason)("docker build (DOCKER_BUILDKIT=0) and bunker build against Bunker", () => {
  const dirs = tempBunkerDirs("bk-dbuild-");
  let registry: Awaited<ReturnType<typeof import("../helpers/local-registry.ts").startLocalRegistry>>;
  let rootfs: ReturnType<typeof import("../helpers/busybox-rootfs.ts").makeBusyboxRootfs>;
  let ctxDir: string;
  let BB: string;
  const dockerCli = (args: string[]) => runDocker(dirs.paths.socket, dirs.base, args, { DOCKER_BUILDKIT: "0" });
  beforeAll(async () => {
    const { startLocalRegistry, pushDirectory } = await import("../helpers/local-registry.ts");
    const { makeBusyboxRootfs } = await import("../helpers/busybox-rootfs.ts");
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    BB = `${registry.host}/busybox:latest`;
    expect((await runBunker("binary", ["info"], dirs.env)).code).toBe(0);
    ctxDir = mkdtempSync("/tmp/bk-bctx-");
    writeFileSync(join(ctxDir, "file.txt"), "payload\n");
    writeFileSync(join(ctxDir, "Dockerfile"), `FROM ${BB}\nRUN echo built > /built\nCOPY file.txt /file.txt\nCMD ["cat", "/built", "/file.txt"]\n`);
  }, 60_000);
  afterAll(async () => {
    await runBunker("binary", ["daemon", "stop"], dirs.env);
    dirs.cleanup();
    await registry?.stop();
    rootfs?.cleanup();
    if (ctxDir) rmSync(ctxDir, { recursive: true, force: true });
  });

  test("the conformance scenario: docker build -q, run, rebuild shows Using cache", async () => {
    const q = await dockerCli(["build", "-q", "-t", "cf_built:1", ctxDir]);
    expect(q.stderr).not.toContain("rror");
    expect(q.code).toBe(0);
    expect(q.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);
    const run = await dockerCli(["run", "--rm", "cf_built:1"]);
    expect(run.stdout).toBe("built\npayload\n");
    const again = await dockerCli(["build", "-t", "cf_built:1", ctxDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(" ---> Using cache");
    expect(again.stdout).toMatch(/Successfully built [0-9a-f]{12}\nSuccessfully tagged cf_built:1\n/);
    expect(again.stdout).toContain(q.stdout.trim().slice(7, 19));
  }, 90_000);

  test("a failing RUN: docker and bunker exit non-zero with the line and the status", async () => {
    const bad = mkdtempSync("/tmp/bk-bbad-");
    writeFileSync(join(bad, "Dockerfile"), `FROM ${BB}\nRUN exit 7\n`);
    const d = await dockerCli(["build", "-t", "bad:1", bad]);
    expect(d.code).toBe(7);
    expect(d.stderr).toContain("Dockerfile:2: RUN exit 7: The command '/bin/sh -c exit 7' returned a non-zero code: 7");
    const b = await runBunker("binary", ["build", "-t", "bad:1", bad], dirs.env);
    expect(b.code).toBe(7);
    expect(b.stderr).toContain("Dockerfile:2: RUN exit 7");
    expect((await dockerCli(["image", "inspect", "bad:1"])).code).not.toBe(0);
    writeFileSync(join(bad, "Dockerfile"), `FROM ${BB}\nCOPY --bogus=1 a /a\n`);
    const flag = await runBunker("binary", ["build", bad], dirs.env);
    expect(flag.code).not.toBe(0);
    expect(flag.stderr).toMatch(/Dockerfile:2/);
    rmSync(bad, { recursive: true, force: true });
  }, 90_000);

  test("bunker build: tags, -f, --build-arg, --target, --iidfile, -q, .dockerignore, builder prune", async () => {
    const dir = mkdtempSync("/tmp/bk-bcli-");
    mkdirSync(join(dir, "skip"));
    writeFileSync(join(dir, "skip", "big.bin"), "x".repeat(1000));
    writeFileSync(join(dir, ".dockerignore"), "skip\n");
    writeFileSync(join(dir, "app.txt"), "app\n");
    writeFileSync(join(dir, "other.Dockerfile"), `FROM ${BB} AS base\nARG V=1\nRUN echo v$V > /v\nFROM base AS test\nCOPY . /ctx/\nRUN ls /ctx && cat /v\n`);
    const iid = `${dir}.iid`; // outside the context, which COPY . copies
    const r = await runBunker("binary", ["build", "-f", join(dir, "other.Dockerfile"), "--build-arg", "V=2", "--target", "test", "--iidfile", iid, "-t", "app:test", "-t", "app:also", dir], dirs.env, 60_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Sending build context to Bunker daemon");
    expect(r.stdout).toMatch(/Step 1\/6 : FROM .*busybox:latest AS base\n/);
    expect(r.stdout).toContain("app.txt\n");
    expect(r.stdout).not.toContain("skip");
    expect(r.stdout).toContain("v2\n");
    expect(r.stdout).toContain("Successfully tagged app:test\nSuccessfully tagged app:also\n");
    const id = readFileSync(iid, "utf8");
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const q = await runBunker("binary", ["build", "-q", "-f", join(dir, "other.Dockerfile"), "--build-arg", "V=2", "--target", "test", dir], dirs.env, 60_000);
    expect(q.stdout).toBe(`${id}\n`);
    const fresh = await runBunker("binary", ["build", "--no-cache", "-f", join(dir, "other.Dockerfile"), "--build-arg", "V=2", "--target", "test", dir], dirs.env, 60_000);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).not.toContain("Using cache");
    expect(fresh.stdout).toContain("Running in");
    const prune = await runBunker("binary", ["builder", "prune", "-f"], dirs.env);
    expect(prune.code).toBe(0);
    expect(prune.stdout).toContain("Total reclaimed space:");
    rmSync(dir, { recursive: true, force: true });
    rmSync(iid, { force: true });
  }, 120_000);
});
