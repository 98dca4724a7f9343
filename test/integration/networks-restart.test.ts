import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { demux } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { daemonProcesses } from "../helpers/daemon-processes.ts";
import { fetchText } from "../helpers/fetch-text.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync("/dev/net/tun") ? "/dev/net/tun is missing" : "";
if (skipReason) console.log(`skip: network restart tests: ${skipReason}`);

const daemon = daemonProcesses("bk-netre-");
const { client, start: startDaemon } = daemon;
let rootfs: ReturnType<typeof makeBusyboxRootfs> | undefined;

afterAll(async () => {
  await daemon.stop();
  rootfs?.cleanup();
});

describe.skipIf(!!skipReason)("networks across a daemon restart", () => {
  test("a running container keeps its address, name and published port after the daemon is killed and restarted", async () => {
    rootfs = makeBusyboxRootfs();
    const first = await startDaemon();
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    await client.request("POST", "/networks/create", { body: { Name: "keep" } });
    const { Id: id } = await client.json<{ Id: string }>("POST", "/containers/create", {
      query: { name: "kept" },
      body: { Rootfs: rootfs.dir, Cmd: ["sh", "-c", "mkdir -p /www && echo still > /www/index.html && exec httpd -f -p 80 -h /www"], HostConfig: { NetworkMode: "keep", PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } } },
    });
    await client.request("POST", `/containers/${id}/start`);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe("still\n");
    first.kill("SIGKILL");
    await first.exited;
    await startDaemon();
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe("still\n");
    const { Id: probe } = await client.json<{ Id: string }>("POST", "/containers/create", {
      body: { Rootfs: rootfs.dir, Cmd: ["sh", "-c", "for i in $(seq 30); do wget -qO- http://kept/ && exit 0; sleep 0.2; done; exit 1"], HostConfig: { NetworkMode: "keep" } },
    });
    await client.request("POST", `/containers/${probe}/start`);
    expect((await client.json<{ StatusCode: number }>("POST", `/containers/${probe}/wait`)).StatusCode).toBe(0);
    const logs = demux(Buffer.from(await (await client.request("GET", `/containers/${probe}/logs`, { query: { stdout: 1 } })).arrayBuffer())).stdout;
    expect(logs).toBe("still\n");
    const info = await client.json<any>("GET", `/containers/${id}/json`);
    expect(info.NetworkSettings.Ports).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });
  }, 60_000);
});
