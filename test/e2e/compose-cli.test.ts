import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compiledBinary, runBunker, waitFor, type Result } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";

const composeBin = Bun.which("docker-compose");
const skipReason = !existsSync(compiledBinary)
  ? `${compiledBinary} is not built`
  : !busyboxPath
    ? "busybox-static is missing"
    : !existsSync("/dev/net/tun")
      ? "/dev/net/tun is missing"
      : !composeBin
        ? "docker-compose is not installed (apt-get install docker-compose)"
        : "";
if (skipReason) console.log(`skip: bunker compose tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-compose-");
const project = join(dirs.base, "proj");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[], env: Record<string, string> = {}) => runBunker("binary", args, { ...dirs.env, ...env }, 60_000);

/** bunker compose in the project directory (compose reads ./docker-compose.yml and names the project after the directory). */
async function compose(args: string[]): Promise<Result> {
  const proc = Bun.spawn([compiledBinary, "compose", ...args], { cwd: project, env: { ...process.env, ...dirs.env }, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 90_000);
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const composeFile = `version: "3.8"
services:
  web:
    image: compose-bb:1
    command: ["sh", "-c", "mkdir -p /www && echo hello-from-web > /www/index.html && exec httpd -f -p 80 -h /www"]
    labels: { tier: front }
  client:
    image: compose-bb:1
    command: ["sh", "-c", "while true; do if wget -q -O - http://web/; then echo reached-web; fi; sleep 1; done"]
    depends_on: [web]
`;

describe.skipIf(!!skipReason)("bunker compose runs docker-compose against Bunker", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    mkdirSync(project);
    writeFileSync(join(project, "docker-compose.yml"), composeFile);
    const tar = Bun.spawnSync(["tar", "-C", rootfs.dir, "--numeric-owner", "--owner=0", "--group=0", "-cf", "-", "."]).stdout;
    const imported = Bun.spawn([compiledBinary, "import", "-", "compose-bb:1"], { env: { ...process.env, ...dirs.env }, stdin: new Blob([tar]), stdout: "pipe", stderr: "pipe" });
    expect(await imported.exited).toBe(0);
  });
  afterAll(async () => {
    await compose(["down"]);
    const ids = (await bunker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await bunker(["rm", "-f", ...ids]);
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs?.cleanup();
  });

  test("up -d, ps, logs (the client reaches web by its service name), down removes containers and the network", async () => {
    const up = await compose(["up", "-d"]);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('Creating network "proj_default" with the default driver');
    expect(up.stderr).toMatch(/Creating proj_web_1 \.\.\. done/);
    expect(up.stderr).toMatch(/Creating proj_client_1 \.\.\. done/);
    // What compose made is Bunker's: containers with compose's labels on the project network.
    const names = (await bunker(["ps", "--filter", "label=com.docker.compose.project=proj", "--format", "{{.Names}} {{.Networks}} {{.Label \"tier\"}}"])).stdout.trim().split("\n").sort();
    expect(names).toEqual(["proj_client_1 proj_default ", "proj_web_1 proj_default front"]);
    const ps = await compose(["ps"]);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(/proj_client_1\s+sh -c while true; .*\s+Up/);
    expect(ps.stdout).toMatch(/proj_web_1\s+sh -c mkdir -p \/www .*\s+Up/);
    let logs: Result = { code: -1, stdout: "", stderr: "" };
    await waitFor(async () => {
      logs = await compose(["logs", "--no-color", "client"]);
      return logs.stdout.includes("reached-web");
    }, 30_000, "the client's log to show it reached web");
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/client_1\s+\| hello-from-web\n/);
    const down = await compose(["down"]);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain("Removing network proj_default");
    expect((await bunker(["ps", "-aq"])).stdout).toBe("");
    expect((await bunker(["network", "ls", "--format", "{{.Name}}"])).stdout.split("\n").filter(Boolean).sort()).toEqual(["bridge", "host", "none"]);
  });

  test("arguments pass through untouched (--help, -f); the exit status is compose's", async () => {
    const help = await compose(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Define and run multi-container applications with Docker.");
    const missing = await compose(["-f", "nope.yml", "ps"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.yml");
  });

  test("without compose installed: a clear message naming where it was looked for and how to install it", async () => {
    const r = await bunker(["compose", "ps"], { PATH: join(dirs.base, "empty-path"), HOME: join(dirs.base, "empty-home"), DOCKER_CONFIG: join(dirs.base, "empty-home") });
    const pluginInstalled = ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"].some((d) => existsSync(join(d, "docker-compose")));
    if (pluginInstalled) {
      console.log("skip: the compose plugin is installed system-wide: the not-installed message cannot be seen here");
      return;
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("bunker compose runs Docker Compose, which is not installed");
    expect(r.stderr).toContain("apt-get install docker-compose");
  });
});
