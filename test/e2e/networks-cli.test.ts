import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { bunkerArgv, compiledBinary, runBunker } from "../helpers/bunker-command.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { tempBunkerDirs } from "../helpers/temp-dirs.ts";
import { freePort } from "../helpers/free-port.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync(compiledBinary) ? `${compiledBinary} is not built` : !existsSync("/dev/net/tun") ? "/dev/net/tun is missing" : "";
if (skipReason) console.log(`skip: bunker network CLI tests: ${skipReason}`);

const dirs = tempBunkerDirs("bk-ncli-");
let rootfs: ReturnType<typeof makeBusyboxRootfs>;
const bunker = (args: string[]) => runBunker("binary", args, dirs.env);

describe.skipIf(!!skipReason)("bunker network, port and ps with the compiled binary", () => {
  beforeAll(() => {
    rootfs = makeBusyboxRootfs();
  });
  afterAll(async () => {
    const ids = (await bunker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
    if (ids.length) await bunker(["rm", "-f", ...ids]);
    await bunker(["daemon", "stop"]);
    dirs.cleanup();
    rootfs.cleanup();
  });

  test("network create, ls, inspect, rm; errors exit 1 with the daemon's message", async () => {
    const created = await bunker(["network", "create", "--subnet", "10.91.0.0/24", "--gateway", "10.91.0.254", "--label", "team=a", "cli_net"]);
    expect(created.stderr).toBe("");
    expect(created.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    const ls = await bunker(["network", "ls"]);
    expect(ls.stdout.split("\n")[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$/);
    expect(ls.stdout).toMatch(new RegExp(`${created.stdout.trim().slice(0, 12)}\\s+cli_net\\s+bridge\\s+local`));
    expect((await bunker(["network", "ls", "-q", "--filter", "label=team=a"])).stdout.trim()).toBe(created.stdout.trim().slice(0, 12));
    const [info] = JSON.parse((await bunker(["network", "inspect", "cli_net"])).stdout);
    expect(info.IPAM.Config).toEqual([{ Subnet: "10.91.0.0/24", Gateway: "10.91.0.254" }]);
    const dup = await bunker(["network", "create", "cli_net"]);
    expect(dup.code).toBe(1);
    expect(dup.stderr.trim()).toBe("Error response from daemon: network with name cli_net already exists");
    expect((await bunker(["network", "rm", "cli_net"])).stdout.trim()).toBe("cli_net");
    const gone = await bunker(["network", "rm", "cli_net"]);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe("Error response from daemon: network cli_net not found");
  });

  test("run -p and --network-alias; port and ps show the binding; connect and disconnect", async () => {
    const port = await freePort();
    expect((await bunker(["network", "create", "cli_app"])).code).toBe(0);
    const run = await bunker(["run", "-d", "--name", "cli_web", "--net", "cli_app", "--network-alias", "web", "-p", `127.0.0.1:${port}:80`, "--rootfs", rootfs.dir, "sh", "-c", "mkdir -p /www && echo hi > /www/index.html && exec httpd -f -p 80 -h /www"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect((await bunker(["port", "cli_web"])).stdout).toBe(`80/tcp -> 127.0.0.1:${port}\n`);
    expect((await bunker(["port", "cli_web", "80"])).stdout).toBe(`127.0.0.1:${port}\n`);
    const none = await bunker(["port", "cli_web", "81/udp"]);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe("Error: No public port '81/udp' published for cli_web");
    expect((await bunker(["ps"])).stdout).toContain(`127.0.0.1:${port}->80/tcp`);
    const byAlias = await bunker(["run", "--rm", "--network", "cli_app", "--rootfs", rootfs.dir, "sh", "-c", "for i in $(seq 30); do wget -qO- http://web/ && exit 0; sleep 0.2; done; exit 1"]);
    expect(byAlias.stdout).toBe("hi\n");
    expect((await bunker(["network", "create", "cli_other"])).code).toBe(0);
    expect((await bunker(["network", "connect", "--alias", "w2", "cli_other", "cli_web"])).code).toBe(0);
    const [info] = JSON.parse((await bunker(["inspect", "cli_web"])).stdout);
    expect(Object.keys(info.NetworkSettings.Networks).sort()).toEqual(["cli_app", "cli_other"]);
    expect(info.NetworkSettings.Networks.cli_other.Aliases).toEqual(["w2"]);
    expect((await bunker(["network", "disconnect", "cli_other", "cli_web"])).code).toBe(0);
    const inUse = await bunker(["network", "rm", "cli_app"]);
    expect(inUse.stderr).toContain("has active endpoints");
    await bunker(["rm", "-f", "cli_web"]);
  });

  test("network prune: asks first (no answer keeps everything), -f removes the unused ones", async () => {
    const asked = await runBunker("binary", ["network", "prune"], dirs.env);
    expect(asked.stdout).toContain("Are you sure you want to continue? [y/N]");
    expect((await bunker(["network", "ls", "-q", "--filter", "type=custom"])).stdout.trim().split("\n")).toHaveLength(2);
    const proc = Bun.spawn([...bunkerArgv("binary"), "network", "prune"], { env: { ...process.env, ...dirs.env }, stdin: "pipe", stdout: "pipe" });
    proc.stdin.write("y\n");
    proc.stdin.end();
    const out = await new Response(proc.stdout).text();
    expect(await proc.exited).toBe(0);
    expect(out).toContain("Deleted Networks:\ncli_app\ncli_other\n");
    expect((await bunker(["network", "prune", "-f"])).stdout).toBe("");
  });
});
