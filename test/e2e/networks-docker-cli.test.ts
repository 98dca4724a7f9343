import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { compiledBinary, dockerCliPath, runBunker, runDocker } from "../helpers/bunker-command.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";
import { freePort } from "../helpers/free-port.ts";

const docker = dockerCliPath;
const skipReason = !docker
  ? "the docker CLI is not installed"
  : !existsSync(compiledBinary)
    ? `${compiledBinary} is not built`
    : !Bun.which("docker-registry") && !existsSync("/usr/bin/docker-registry")
      ? "docker-registry is not installed"
      : !Bun.which("busybox")
        ? "busybox-static is not installed"
        : !existsSync("/dev/net/tun")
          ? "/dev/net/tun is missing"
          : "";
if (skipReason) console.log(`skip: networks with the docker CLI: ${skipReason}`);

const dirs = tempBunkerDirs("bk-dnet-");
let registry: { host: string; stop: () => Promise<void> } | undefined;
let rootfs: { dir: string; cleanup: () => void } | undefined;
let image = "";

const d = (args: string[]) => runDocker(dirs.paths.socket, dirs.base, args);

describe.skipIf(!!skipReason)("the docker CLI's network commands against Bunker", () => {
  beforeAll(async () => {
    const { startLocalRegistry, pushDirectory } = await import("../helpers/local-registry.ts");
    const { makeBusyboxRootfs } = await import("../helpers/busybox-rootfs.ts");
    rootfs = makeBusyboxRootfs();
    registry = await startLocalRegistry();
    await pushDirectory(registry.host, "busybox", "latest", rootfs.dir);
    image = `${registry.host}/busybox:latest`;
    expect((await runBunker("binary", ["info"], dirs.env)).code).toBe(0);
    expect((await d(["pull", "-q", image])).code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    const ids = (await d(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await d(["rm", "-f", ...ids]);
    await runBunker("binary", ["daemon", "stop"], dirs.env);
    dirs.cleanup();
    await registry?.stop();
    rootfs?.cleanup();
  });

  test("run -d -p 127.0.0.1:PORT:80 … httpd; the host reaches it; docker port and ps show it", async () => {
    const port = await freePort();
    const run = await d(["run", "-d", "--name", "cf_web", "-p", `127.0.0.1:${port}:80`, image, "sh", "-c", "mkdir -p /www && echo served > /www/index.html && httpd -f -p 80 -h /www"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    let body = "";
    for (let i = 0; i < 50 && !body; i++) {
      body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), () => "");
      if (!body) await Bun.sleep(200);
    }
    expect(body).toBe("served\n");
    expect((await d(["port", "cf_web"])).stdout.trim()).toBe(`80/tcp -> 127.0.0.1:${port}`);
    expect((await d(["ps", "--format", "{{.Ports}}", "--filter", "name=cf_web"])).stdout.trim()).toBe(`127.0.0.1:${port}->80/tcp`);
    const taken = await d(["run", "--rm", "-p", `127.0.0.1:${port}:80`, image, "true"]);
    expect(taken.code).toBe(125);
    expect(taken.stderr).toContain("port is already allocated");
    expect((await d(["rm", "-f", "cf_web"])).code).toBe(0);
  }, 60_000);

  test("network create; a server by name on it; wget by name from another container; rm in use refused", async () => {
    expect((await d(["network", "create", "cf_net"])).code).toBe(0);
    const srv = await d(["run", "-d", "--name", "cf_srv", "--network", "cf_net", image, "sh", "-c", "mkdir -p /www && echo by-name > /www/index.html && httpd -f -p 80 -h /www"]);
    expect(srv.code).toBe(0);
    const out = await d(["run", "--rm", "--network", "cf_net", image, "sh", "-c", "for i in $(seq 30); do wget -qO- http://cf_srv/ && exit 0; sleep 0.3; done; exit 1"]);
    expect(out.stdout).toBe("by-name\n");
    expect(out.code).toBe(0);
    const ls = await d(["network", "ls", "--format", "{{.Name}} {{.Driver}}"]);
    expect(ls.stdout.trim().split("\n").sort()).toEqual(["bridge bridge", "cf_net bridge", "host host", "none null"]);
    const ip = await d(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", "cf_srv"]);
    expect(ip.stdout.trim()).toMatch(/^172\.18\.0\.2$/);
    const inspect = await d(["network", "inspect", "-f", "{{range .Containers}}{{.Name}}{{end}}", "cf_net"]);
    expect(inspect.stdout.trim()).toBe("cf_srv");
    const rm = await d(["network", "rm", "cf_net"]);
    expect(rm.code).not.toBe(0);
    expect(rm.stderr).toContain("has active endpoints");
    await d(["rm", "-f", "cf_srv"]);
    expect((await d(["network", "rm", "cf_net"])).stdout.trim()).toBe("cf_net");
    const missing = await d(["network", "inspect", "cf_net"]);
    expect(missing.stderr).toContain("network cf_net not found");
  }, 60_000);
});
