import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { compiledBinary, dockerCliPath, runBunker, runDocker } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const docker = dockerCliPath;
const haveBinary = existsSync(compiledBinary);
const skipReason = !docker ? "the docker CLI is not installed" : !haveBinary ? `${compiledBinary} is not built` : "";
if (skipReason) console.log(`skip: docker CLI tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-docker-");

const dockerCli = (args: string[]) => runDocker(dirs.paths.socket, dirs.base, args);

describe.skipIf(!!skipReason)("the real docker CLI against Bunker", () => {
  beforeAll(async () => {
    const r = await runBunker("binary", ["info"], dirs.env); // auto-starts the daemon
    expect(r.code).toBe(0);
  });
  afterAll(async () => {
    await runBunker("binary", ["daemon", "stop"], dirs.env);
    dirs.cleanup();
  });

  test("docker version shows Bunker's server side", async () => {
    const r = await dockerCli(["version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Server: Bunker Engine");
    expect(r.stdout).toMatch(/API version:\s+1\.44 \(minimum version 1\.24\)/);
    const api = await dockerCli(["version", "--format", "{{.Server.APIVersion}}"]);
    expect(api.stdout.trim()).toBe("1.44");
  });

  test("docker info shows Bunker's server side", async () => {
    const r = await dockerCli(["info"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Server Version: 0.");
    expect(r.stdout).toMatch(/Storage Driver: (overlay|fuse-overlayfs|vfs)/);
    expect(r.stdout).toContain("Swarm: inactive");
    const f = await dockerCli(["info", "--format", "{{.OperatingSystem}} {{.Driver}} {{.OSType}}"]);
    expect(f.code).toBe(0);
    expect(f.stdout.trim()).toMatch(/^.+ (overlay|fuse-overlayfs|vfs) linux$/);
  });

  test("an API the engine does not have yet is an error, not a hang", async () => {
    const r = await dockerCli(["plugin", "ls"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("page not found");
  });
});

describe.skipIf(!!skipReason || !Bun.which("docker-registry") || !Bun.which("busybox"))("docker pull, images, tag, rmi against Bunker", () => {
  let registry: Awaited<ReturnType<typeof import("../helpers/local-registry.ts").startLocalRegistry>>;
  let rootfs: ReturnType<typeof import("../helpers/busybox-rootfs.ts").makeBusyboxRootfs>;
  const images = tempBunkerDirs("bk-dimg-");
  const dockerAt = (args: string[]) => runDocker(images.paths.socket, images.base, args);
  beforeAll(async () => {
    const { startLocalRegistry, pushDirectory } = await import("../helpers/local-registry.ts");
    const { makeBusyboxRootfs } = await import("../helpers/busybox-rootfs.ts");
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    expect((await runBunker("binary", ["info"], images.env)).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await runBunker("binary", ["daemon", "stop"], images.env);
    images.cleanup();
    await registry?.stop();
    rootfs?.cleanup();
  });

  test("bunker login stores the credentials where docker does; logout removes them", async () => {
    const env = { ...images.env, DOCKER_CONFIG: images.base };
    const login = await runBunker("binary", ["login", "-u", "me", "-p", "secret", registry.host], env);
    expect(login.stdout.trim()).toBe("Login Succeeded");
    const config = JSON.parse(require("node:fs").readFileSync(`${images.base}/config.json`, "utf8"));
    expect(config.auths[registry.host].auth).toBe(Buffer.from("me:secret").toString("base64"));
    expect((await runBunker("binary", ["logout", registry.host], env)).stdout.trim()).toBe(`Removing login credentials for ${registry.host}`);
    expect(JSON.parse(require("node:fs").readFileSync(`${images.base}/config.json`, "utf8")).auths).toEqual({});
  });

  test("pull -q, images, image inspect, tag, rmi", async () => {
    const ref = `${registry.host}/busybox:latest`;
    const pulled = await dockerAt(["pull", "-q", ref]);
    expect(pulled.stderr).toBe("");
    expect(pulled.stdout.trim()).toBe(ref);
    expect((await dockerAt(["images", "--format", "{{.Repository}}:{{.Tag}}"])).stdout.trim()).toBe(ref);
    expect((await dockerAt(["image", "inspect", "-f", "{{.Os}} {{len .RootFS.Layers}}", ref])).stdout.trim()).toBe("linux 1");
    expect((await dockerAt(["tag", ref, "cf_tagged:1"])).code).toBe(0);
    expect((await dockerAt(["rmi", "cf_tagged:1"])).stdout.trim()).toBe("Untagged: cf_tagged:1");
    const rmi = await dockerAt(["rmi", ref]);
    expect(rmi.stdout).toContain(`Untagged: ${ref}`);
    expect(rmi.stdout).toMatch(/Deleted: sha256:[0-9a-f]{64}/);
    const missing = await dockerAt(["image", "inspect", ref]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain(`No such image: ${ref}`);
  });
});
