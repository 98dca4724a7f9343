/**
 * The user-mode network against real kernels: busybox containers (ContainerRuntime with a TAP
 * interface relayed by the monitor) attached to a UserNetwork, talking to servers on the host's
 * loopback through the gateway, to a stub DNS resolver through the forwarder, and served to the
 * host through published ports. The large transfer is the 500 MB each way, a few seconds
 * here (bench/net measures the speeds).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createHash, randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";
import type { udp } from "bun";
import * as dnsPacket from "dns-packet";
import { connectFrameSocket, UserNetwork } from "../../src/net/index.ts";
import { NetTapEnv, netTapSkip, type Started } from "../helpers/net-tap-containers.ts";
import { slowSink } from "../helpers/slow-sink.ts";

if (netTapSkip) console.log(`skip: net-stack tests: ${netTapSkip}`);
const env = new NetTapEnv();
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups.reverse()) c();
  env.cleanup();
});

const GW = "10.0.2.2";
let seq = 0;

function newNetwork(dnsServers: string[] = []): UserNetwork {
  const n = new UserNetwork({ subnet: "10.0.2.0/24", gateway: GW, dns: { servers: dnsServers, resolveNames: true } });
  cleanups.push(() => n.close());
  return n;
}

/**
 * Starts `script` in a busybox container on `net` (eth0 at `ip`), attached before it runs.
 * `takeTap: false` keeps frames to the guest on the monitor's stream instead of its TAP.
 */
async function start(net: UserNetwork, script: string, ip = "10.0.2.15", names: string[] = [], takeTap = true): Promise<Started & { direct: boolean }> {
  const mac = `02:42:0a:00:02:${(0x10 + ++seq).toString(16)}`;
  const cfg = env.config(["sh", "-c", script], { interfaces: [{ name: "eth0", mac, ipv4: ip, prefixLength: 24, gateway: GW, mtu: 65520 }] });
  const c = await env.spawn(cfg);
  const link = await connectFrameSocket(c.handle.netSocketPaths[0]!, { takeTap });
  net.attach({ id: c.id, ip, mac, names }, link);
  await c.link.start();
  return Object.assign(c, { direct: "sendParts" in link });
}

async function run(net: UserNetwork, script: string, ip?: string, names?: string[]): Promise<{ code: number; out: string }> {
  const c = await start(net, script, ip, names);
  const code = await c.exited;
  await net.release(c.id);
  return { code, out: c.output() };
}

function httpServer(handler: (req: Request) => Response | Promise<Response>) {
  const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: handler, idleTimeout: 60 });
  cleanups.push(() => server.stop(true));
  return server;
}

describe.skipIf(netTapSkip !== undefined)("user-mode network with real containers", () => {
  test("wget from a loopback HTTP server through the gateway; ping the gateway", async () => {
    const server = httpServer(() => new Response("hello from the host\n"));
    const net = newNetwork();
    const r = await run(net, `wget -q -O - http://${GW}:${server.port}/ && ping -c 2 -W 3 ${GW}`);
    expect(r.out).toContain("hello from the host");
    expect(r.out).toMatch(/2 packets transmitted, 2 packets received/);
    expect(r.code).toBe(0);
  });

  test("UDP round trip through NAT (busybox tftp against a stub TFTP server on loopback)", async () => {
    // busybox's nc has no UDP mode; tftp is its UDP client: RRQ → DATA → ACK.
    const acks: number[] = [];
    const tftp: udp.Socket<"buffer"> = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(s, d, port, addr) {
          const op = d.readUInt16BE(0);
          if (op === 1) s.send(Buffer.concat([Buffer.from([0, 3, 0, 1]), Buffer.from("udp says hi\n")]), port, addr);
          if (op === 4) acks.push(d.readUInt16BE(2));
        },
      },
    });
    cleanups.push(() => tftp.close());
    const net = newNetwork();
    const r = await run(net, `tftp -g -r x -l - ${GW} ${tftp.port}`);
    expect(r.out).toContain("udp says hi");
    // The ACK is tftp's last word: it may still be on its way when the container's exit is seen.
    for (const until = Date.now() + 5000; acks.length === 0 && Date.now() < until; ) await Bun.sleep(10);
    expect(acks).toEqual([1]);
    expect(r.code).toBe(0);
  });

  test("nslookup through the forwarder: names of the network locally, the rest from the host's resolver", async () => {
    const stub: udp.Socket<"buffer"> = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(s, d, port, addr) {
          const q = dnsPacket.decode(d);
          const question = q.questions![0]!;
          const answers: dnsPacket.Answer[] = question.type === "A" ? [{ type: "A", name: question.name, data: "192.0.2.77" }] : [];
          s.send(dnsPacket.encode({ type: "response", id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers }), port, addr);
        },
      },
    });
    cleanups.push(() => stub.close());
    const net = newNetwork([`127.0.0.1:${stub.port}`]);
    const peer = await start(net, "sleep 30", "10.0.2.30", ["db", "database"]);
    try {
      const r = await run(net, `nslookup -type=a example.test ${GW}; nslookup -type=a database ${GW}`);
      expect(r.out).toMatch(/Name:\s+example\.test\s+Address:\s+192\.0\.2\.77/);
      expect(r.out).toMatch(/Name:\s+database\s+Address:\s+10\.0\.2\.30/);
    } finally {
      net.detach(peer.id);
    }
  });

  test("a published TCP port: the container sees the client's address (loopback clients as the gateway)", async () => {
    const net = newNetwork();
    const script = [
      "mkdir -p /www/cgi-bin",
      `printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\necho "addr=$REMOTE_ADDR"\\n' > /www/cgi-bin/who`,
      "chmod +x /www/cgi-bin/who",
      "exec httpd -f -p 80 -h /www",
    ].join(" && ");
    const c = await start(net, script);
    const pub = await net.publish(c.id, { proto: "tcp", hostIp: "0.0.0.0", hostPort: 0, containerPort: 80 });
    cleanups.push(() => pub.close());
    const get = async (host: string) => {
      for (let i = 0; ; i++) {
        try {
          return await (await fetch(`http://${host}:${pub.hostPort}/cgi-bin/who`)).text();
        } catch (err) {
          if (i > 50) throw err;
          await Bun.sleep(100);
        }
      }
    };
    // busybox httpd listens on IPv6 and shows IPv4 peers as mapped addresses.
    expect(await get("127.0.0.1")).toMatch(new RegExp(`addr=(\\[::ffff:)?${GW.replaceAll(".", "\\.")}\\]?\n`));
    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (external) expect(await get(external)).toMatch(new RegExp(`addr=(\\[::ffff:)?${external.replaceAll(".", "\\.")}\\]?\n`));
    else console.log("skip: no non-loopback IPv4 address on this host to check a real client address");
    net.detach(c.id);
  });

  for (const takeTap of [true, false]) {
    test(`30 MB from the host, checked by sha256: frames to the guest ${takeTap ? "straight to its TAP" : "through the monitor's stream"}`, async () => {
      const data = randomBytes(30 << 20);
      const sent = createHash("sha256").update(data).digest("hex");
      const server = httpServer(() => new Response(data));
      const net = newNetwork();
      const c = await start(net, `wget -q -O - http://${GW}:${server.port}/ | sha256sum`, "10.0.2.15", [], takeTap);
      expect(c.direct).toBe(takeTap);
      expect(await c.exited).toBe(0);
      expect(c.output()).toContain(sent);
      net.detach(c.id);
    }, 60000);
  }

  test("200 concurrent connections out of one container", async () => {
    let open = 0;
    let peak = 0;
    let release!: () => void;
    const all = new Promise<void>((r) => (release = r));
    const server = httpServer(async () => {
      peak = Math.max(peak, ++open);
      if (open >= 200) release();
      await Promise.race([all, Bun.sleep(20000)]);
      open--;
      return new Response("ok\n");
    });
    const net = newNetwork();
    const r = await run(net, `for i in $(seq 200); do wget -q -O - http://${GW}:${server.port}/ > /tmp/o.$i 2>&1 & done; wait; cat /tmp/o.* | grep -c ok`);
    expect(peak).toBe(200);
    expect(r.out.trim().split("\n").at(-1)).toBe("200");
  }, 60000);

  test("a container that writes and exits at once: release carries the rest; the host gets every byte and a clean end", async () => {
    // busybox telnet exits as soon as its stdin ends. The host reads nothing for the first
    // second, so most of what it wrote still waits in the guest's socket when it is gone.
    const size = 16_000_000;
    const sink = await slowSink(1000);
    cleanups.push(() => sink.close());
    const net = newNetwork();
    const r = await run(net, `head -c ${size} /dev/zero | telnet ${GW} ${sink.port}`);
    expect(r.code).toBe(0);
    expect(await sink.ended()).toEqual([{ bytes: size, how: "end" }]);
  }, 60_000);

  test("500 MB each way, checked by sha256", async () => {
    const size = 500 << 20;
    const data = randomBytes(size);
    const sent = createHash("sha256").update(data).digest("hex");
    let uploadBytes = 0;
    const server = httpServer(() => new Response(data));
    // Uploads go to a raw TCP sink (busybox wget's --post-file stops at the first NUL byte):
    // it hashes what arrives and, at the client's EOF, answers with the digest.
    const sink = Bun.listen<{ h: ReturnType<typeof createHash> }>({
      hostname: "127.0.0.1",
      port: 0,
      allowHalfOpen: true,
      socket: {
        open: (s) => void (s.data = { h: createHash("sha256") }),
        data: (s, d) => {
          uploadBytes += d.length;
          s.data.h.update(d);
        },
        end: (s) => void s.end(`uploaded=${s.data.h.digest("hex")}\n`),
      },
    });
    cleanups.push(() => sink.stop(true));
    const net = newNetwork();
    const t0 = performance.now();
    const r = await run(
      net,
      `wget -q -O /tmp/big http://${GW}:${server.port}/big && sha256sum /tmp/big && nc ${GW} ${sink.port} < /tmp/big; rm /tmp/big`,
    );
    const secs = (performance.now() - t0) / 1000;
    console.log(`500 MB down + 500 MB up (through the container's disk) in ${secs.toFixed(1)} s`);
    expect(r.out).toContain(sent);
    expect(r.out).toContain(`uploaded=${sent}`);
    expect(uploadBytes).toBe(size);
    expect(r.code).toBe(0);
  }, 120000);
});
