import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import type { DockerClient } from "../../src/client/index.ts";
import { apiDaemon, demux, stopApiDaemon } from "../helpers/api-daemon.ts";
import { busyboxPath, makeBusyboxRootfs } from "../helpers/busybox-rootfs.ts";
import { freePort } from "../helpers/free-port.ts";
import { slowSink } from "../helpers/slow-sink.ts";
import { fetchText } from "../helpers/fetch-text.ts";

const skipReason = !busyboxPath ? "busybox-static is not installed" : !existsSync("/dev/net/tun") ? "/dev/net/tun is missing" : "";
if (skipReason) console.log(`skip: network traffic tests: ${skipReason}`);

let ctx: Awaited<ReturnType<typeof apiDaemon>>;
let client: DockerClient;
let rootfs: ReturnType<typeof makeBusyboxRootfs>;

async function create(body: Record<string, unknown>, name?: string): Promise<string> {
  return (await client.json<{ Id: string }>("POST", "/containers/create", { query: { name }, body: { Rootfs: rootfs.dir, ...body } })).Id;
}

async function run(cmd: string[], body: Record<string, unknown> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const id = await create({ Cmd: cmd, ...body });
  await client.request("POST", `/containers/${id}/start`);
  const { StatusCode } = await client.json<{ StatusCode: number }>("POST", `/containers/${id}/wait`);
  const logs = demux(Buffer.from(await (await client.request("GET", `/containers/${id}/logs`, { query: { stdout: 1, stderr: 1 } })).arrayBuffer()));
  await client.request("DELETE", `/containers/${id}`);
  return { code: StatusCode, ...logs };
}

const httpd = (text: string) => ["sh", "-c", `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p 80 -h /www`];

describe.skipIf(!!skipReason)("traffic on the user-mode networks", () => {
  beforeAll(async () => {
    rootfs = makeBusyboxRootfs();
    ctx = await apiDaemon("bk-nett-");
    client = ctx.client;
  });
  afterAll(async () => {
    await stopApiDaemon(ctx);
    rootfs.cleanup();
  });

  test("the container's address, hosts entry and resolver come from its network", async () => {
    const r = await run(["sh", "-c", "ip -4 -o addr show eth0; cat /etc/hosts; cat /etc/resolv.conf; ip route"], { Hostname: "boxy" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/eth0\s+inet 172\.17\.0\.\d+\/16/);
    const ip = /inet (172\.17\.0\.\d+)/.exec(r.stdout)![1];
    expect(r.stdout).toContain(`${ip}\tboxy`);
    expect(r.stdout).toContain("nameserver 172.17.0.1");
    expect(r.stdout).toMatch(/default via 172\.17\.0\.1/);
  });

  test("a published port reaches the container's server from the host (and inspect and ps show it)", async () => {
    const port = await freePort();
    const id = await create({ Cmd: httpd("served"), HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } } }, "web");
    await client.request("POST", `/containers/${id}/start`);
    expect(await fetchText(`http://127.0.0.1:${port}/`)).toBe("served\n");
    const info = await client.json<any>("GET", `/containers/${id}/json`);
    expect(info.NetworkSettings.Ports).toEqual({ "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });
    expect(info.NetworkSettings.SandboxKey).toMatch(/^\/proc\/\d+\/ns\/net$/);
    const row = (await client.json<any[]>("GET", "/containers/json")).find((c) => c.Id === id);
    expect(row.Ports).toEqual([{ IP: "127.0.0.1", PrivatePort: 80, PublicPort: port, Type: "tcp" }]);
    // docker stats' network I/O counts the frames through the container's interface.
    const stats = await client.json<any>("GET", `/containers/${id}/stats`, { query: { stream: 0, "one-shot": 1 } });
    expect(stats.networks.eth0.rx_bytes).toBeGreaterThan(100);
    expect(stats.networks.eth0.tx_bytes).toBeGreaterThan("served\n".length);
    expect(stats.networks.eth0.tx_packets).toBeGreaterThan(2);
    // The same port again: Docker's error, and the second container does not stay running.
    const other = await create({ Cmd: ["sleep", "30"], HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } } });
    const res = await fetch(`http://x/v1.44/containers/${other}/start`, { method: "POST", unix: ctx.dirs.paths.socket } as RequestInit);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toContain("port is already allocated");
    await client.json("POST", `/containers/${other}/wait`);
    expect((await client.json<any>("GET", `/containers/${other}/json`)).State.Running).toBe(false);
    // Stopped: the port is closed and free again.
    await client.request("POST", `/containers/${id}/stop`, { query: { t: 1 } });
    expect((await client.json<any>("GET", `/containers/${id}/json`)).NetworkSettings.Ports).toEqual({});
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    for (const c of [id, other]) await client.request("DELETE", `/containers/${c}`);
  });

  test("-P publishes exposed ports on random host ports", async () => {
    const id = await create({ Cmd: httpd("random"), ExposedPorts: { "80/tcp": {} }, HostConfig: { PublishAllPorts: true } });
    await client.request("POST", `/containers/${id}/start`);
    const ports = (await client.json<any>("GET", `/containers/${id}/json`)).NetworkSettings.Ports["80/tcp"];
    expect(ports).toHaveLength(1);
    expect(Number(ports[0].HostPort)).toBeGreaterThan(0);
    expect(await fetchText(`http://127.0.0.1:${ports[0].HostPort}/`)).toBe("random\n");
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("containers on a user network find each other by name, alias and short id; other networks do not", async () => {
    await client.request("POST", "/networks/create", { body: { Name: "tn1" } });
    await client.request("POST", "/networks/create", { body: { Name: "tn2" } });
    const srv = await create({ Cmd: httpd("by-name"), HostConfig: { NetworkMode: "tn1" }, NetworkingConfig: { EndpointsConfig: { tn1: { Aliases: ["www"] } } } }, "srv");
    await client.request("POST", `/containers/${srv}/start`);
    const loop = (host: string) => ["sh", "-c", `for i in $(seq 30); do wget -qO- http://${host}/ && exit 0; sleep 0.2; done; exit 1`];
    for (const host of ["srv", "www", srv.slice(0, 12)]) {
      const r = await run(loop(host), { HostConfig: { NetworkMode: "tn1" } });
      expect({ host, ...r }).toMatchObject({ host, code: 0, stdout: "by-name\n" });
    }
    const isolated = await run(["sh", "-c", "wget -T 2 -qO- http://srv/"], { HostConfig: { NetworkMode: "tn2" } });
    expect(isolated.code).not.toBe(0);
    await client.request("DELETE", `/containers/${srv}`, { query: { force: 1 } });
    await client.request("DELETE", "/networks/tn1");
    await client.request("DELETE", "/networks/tn2");
  });

  test("--network none has loopback only; container:<name> shares another container's namespace", async () => {
    const none = await run(["sh", "-c", "ls /sys/class/net | sort | tr '\\n' ' '"], { HostConfig: { NetworkMode: "none" } });
    expect(none.stdout.trim()).toBe("lo");
    const port = await freePort();
    const srv = await create({ Cmd: httpd("shared"), HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } } }, "ns-owner");
    await client.request("POST", `/containers/${srv}/start`);
    const joined = await run(["sh", "-c", "for i in $(seq 30); do wget -qO- http://127.0.0.1/ && break; sleep 0.2; done; grep nameserver /etc/resolv.conf"], { HostConfig: { NetworkMode: "container:ns-owner" } });
    expect(joined).toMatchObject({ code: 0, stdout: "shared\nnameserver 172.17.0.1\n" });
    await client.request("DELETE", `/containers/${srv}`, { query: { force: 1 } });
  });

  test("connect and disconnect a running container: a second interface appears and goes", async () => {
    await client.request("POST", "/networks/create", { body: { Name: "hot" } });
    const srv = await create({ Cmd: httpd("hot"), HostConfig: { NetworkMode: "hot" } }, "hot-srv");
    await client.request("POST", `/containers/${srv}/start`);
    const box = await create({ Cmd: ["sleep", "60"] }, "hot-box");
    await client.request("POST", `/containers/${box}/start`);
    await client.request("POST", "/networks/hot/connect", { body: { Container: "hot-box", EndpointConfig: { Aliases: ["boxy"] } } });
    const nets = (await client.json<any>("GET", `/containers/${box}/json`)).NetworkSettings.Networks;
    expect(Object.keys(nets).sort()).toEqual(["bridge", "hot"]);
    const exec = async (cmd: string[]) => {
      const { Id } = await client.json<{ Id: string }>("POST", `/containers/${box}/exec`, { body: { Cmd: cmd, AttachStdout: true, AttachStderr: true } });
      const out = demux(Buffer.from(await (await client.request("POST", `/exec/${Id}/start`, { body: { Detach: false } })).arrayBuffer()));
      return { ...out, code: (await client.json<{ ExitCode: number }>("GET", `/exec/${Id}/json`)).ExitCode };
    };
    expect((await exec(["sh", "-c", "ip -4 -o addr show eth1"])).stdout).toContain(`inet ${nets.hot.IPAddress}/16`);
    expect(await exec(["sh", "-c", "for i in $(seq 30); do wget -qO- http://hot-srv/ && exit 0; sleep 0.2; done; exit 1"])).toMatchObject({ code: 0, stdout: "hot\n" });
    await client.request("POST", "/networks/hot/disconnect", { body: { Container: "hot-box" } });
    expect(Object.keys((await client.json<any>("GET", `/containers/${box}/json`)).NetworkSettings.Networks)).toEqual(["bridge"]);
    expect((await exec(["sh", "-c", "ls /sys/class/net | sort | tr '\\n' ' '"])).stdout.trim()).toBe("eth0 lo");
    expect((await exec(["cat", "/etc/resolv.conf"])).stdout).toContain("nameserver 172.17.0.1");
    // And back again: a fresh interface and socket.
    await client.request("POST", "/networks/hot/connect", { body: { Container: "hot-box" } });
    expect(await exec(["sh", "-c", "for i in $(seq 30); do wget -qO- http://hot-srv/ && exit 0; sleep 0.2; done; exit 1"])).toMatchObject({ code: 0, stdout: "hot\n" });
    for (const c of [srv, box]) await client.request("DELETE", `/containers/${c}`, { query: { force: 1 } });
    await client.request("DELETE", "/networks/hot");
  });

  test("disconnect and connect again at once, many times: the interface comes back each time (the old TAP is closed first)", async () => {
    await client.request("POST", "/networks/create", { body: { Name: "flip", IPAM: { Config: [{ Subnet: "172.29.0.0/16", IPRange: "172.29.5.0/24", Gateway: "172.29.5.254" }] } } });
    const box = await create({ Cmd: ["sleep", "60"], HostConfig: { NetworkMode: "flip" } }, "flip-box");
    await client.request("POST", `/containers/${box}/start`);
    for (let i = 0; i < 15; i++) {
      await client.request("POST", "/networks/flip/disconnect", { body: { Container: "flip-box" } });
      await client.request("POST", "/networks/flip/connect", { body: { Container: "flip-box", EndpointConfig: { IPAMConfig: { IPv4Address: `172.29.5.${20 + i}` } } } });
    }
    const nets = (await client.json<any>("GET", `/containers/${box}/json`)).NetworkSettings.Networks;
    expect(nets.flip.IPAddress).toBe("172.29.5.34");
    await client.request("DELETE", `/containers/${box}`, { query: { force: 1 } });
    await client.request("DELETE", "/networks/flip");
  });

  test("host-gateway in ExtraHosts reaches a server on the host's loopback", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("from-host") });
    try {
      const r = await run(["sh", "-c", `grep host.docker.internal /etc/hosts; wget -qO- http://host.docker.internal:${server.port}/`], { HostConfig: { ExtraHosts: ["host.docker.internal:host-gateway"] } });
      expect(r.stdout).toBe("172.17.0.1\thost.docker.internal\nfrom-host");
      expect(r.code).toBe(0);
    } finally {
      server.stop(true);
    }
  });

  test("what a container wrote just before it exited still reaches the host, ended cleanly (its network drains first)", async () => {
    // busybox telnet exits when its stdin ends. The host reads nothing for the first second, so
    // the container is gone while much of what it wrote still waits in its kernel's socket.
    const size = 16_000_000;
    const sink = await slowSink(1000);
    try {
      const r = await run(["sh", "-c", `head -c ${size} /dev/zero | telnet host.docker.internal ${sink.port}`], { HostConfig: { ExtraHosts: ["host.docker.internal:host-gateway"] } });
      expect(r.code).toBe(0);
      expect(await sink.ended()).toEqual([{ bytes: size, how: "end" }]);
    } finally {
      sink.close();
    }
  }, 60_000);

  test.skipIf(process.getuid?.() === 0)("rootless: a port below the unprivileged start is refused with how to allow it", async () => {
    const start = Number(require("node:fs").readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8"));
    if (start <= 81) return console.log("skip: the host lets anyone bind port 81");
    const id = await create({ Cmd: ["sleep", "30"], HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "81" }] } } });
    const res = await fetch(`http://x/v1.44/containers/${id}/start`, { method: "POST", unix: ctx.dirs.paths.socket } as RequestInit);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain("net.ipv4.ip_unprivileged_port_start=81");
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test.skipIf(!Bun.which("cc"))("a published UDP port: datagrams reach a server in the container and its answers come back", async () => {
    // A tiny static UDP echo server (busybox has none): answers "<data> from <sender address>".
    const src = `${rootfs.dir}/../udpecho.c`;
    require("node:fs").writeFileSync(
      src,
      `#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
int main(void) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons(5353); a.sin_addr.s_addr = INADDR_ANY;
  if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) return 1;
  for (;;) {
    char buf[512], out[600]; struct sockaddr_in from; socklen_t fl = sizeof from;
    ssize_t n = recvfrom(s, buf, sizeof buf - 64, 0, (struct sockaddr *)&from, &fl);
    if (n < 0) continue;
    int m = snprintf(out, sizeof out, "%.*s from %s", (int)n, buf, inet_ntoa(from.sin_addr));
    sendto(s, out, m, 0, (struct sockaddr *)&from, fl);
  }
}
`,
    );
    const cc = Bun.spawnSync(["cc", "-static", "-O2", "-o", `${rootfs.dir}/bin/udpecho`, src]);
    if (cc.exitCode !== 0) return console.log(`skip: cannot build a static UDP server: ${cc.stderr.toString().trim()}`);
    const port = await freePort();
    const id = await create({ Cmd: ["udpecho"], HostConfig: { PortBindings: { "5353/udp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] } } });
    await client.request("POST", `/containers/${id}/start`);
    const dgram = await import("node:dgram");
    const sock = dgram.createSocket("udp4");
    const reply = new Promise<string>((resolve) => sock.on("message", (m) => resolve(m.toString())));
    const timer = setInterval(() => sock.send("ping", port, "127.0.0.1"), 200);
    try {
      expect(await reply).toMatch(/^ping from \d+\.\d+\.\d+\.\d+$/);
    } finally {
      clearInterval(timer);
      sock.close();
    }
    expect((await client.json<any>("GET", `/containers/${id}/json`)).NetworkSettings.Ports).toEqual({ "5353/udp": [{ HostIp: "127.0.0.1", HostPort: String(port) }] });
    await client.request("DELETE", `/containers/${id}`, { query: { force: 1 } });
  });

  test("an --internal network: peers by name, but no way to the host", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("from-host") });
    try {
      await client.request("POST", "/networks/create", { body: { Name: "inner", Internal: true } });
      const srv = await create({ Cmd: httpd("inside"), HostConfig: { NetworkMode: "inner" } }, "inner-srv");
      await client.request("POST", `/containers/${srv}/start`);
      const peer = await run(["sh", "-c", "for i in $(seq 30); do wget -qO- http://inner-srv/ && exit 0; sleep 0.2; done; exit 1"], { HostConfig: { NetworkMode: "inner" } });
      expect(peer).toMatchObject({ code: 0, stdout: "inside\n" });
      const out = await run(["sh", "-c", `wget -T 2 -qO- http://host.docker.internal:${server.port}/`], { HostConfig: { NetworkMode: "inner", ExtraHosts: ["host.docker.internal:host-gateway"] } });
      expect(out.code).not.toBe(0);
      expect(out.stdout).toBe("");
      await client.request("DELETE", `/containers/${srv}`, { query: { force: 1 } });
      await client.request("DELETE", "/networks/inner");
    } finally {
      server.stop(true);
    }
  });
});
