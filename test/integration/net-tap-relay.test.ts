/**
 * A container's network interface end to end: ContainerRuntime.spawn with `interfaces` makes
 * the container's init create a TAP device (ffi/net-tap.c) and hand it to the monitor, which
 * relays its frames on ContainerRuntime.netSocketPath (ffi/monitor-net.c) as
 * [u32 BE length][Ethernet frame]. The test plays the gateway: it answers ARP and ICMP echo by
 * hand. Also: --network container:<id> (joinPid) and a client replaced by a new connection.
 * As root: no user namespace; as a user: the shared user namespace (newuidmap).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { MAC, NetTapEnv, netTapSkip } from "../helpers/net-tap-containers.ts";
import { arpReply, echoReply, FrameClient, GW_MAC, ip, isArpWhoHas, isEchoRequest, macOf } from "../helpers/net-tap-frames.ts";

if (netTapSkip) console.log(`skip: net-tap relay tests: ${netTapSkip}`);
const sockets: FrameClient[] = [];
const env = new NetTapEnv();
const { runtime, execRoot } = env;
const config = env.config.bind(env);
const spawn = env.spawn.bind(env);
afterAll(() => {
  for (const s of sockets) s.close();
  env.cleanup();
});
const connectFrames = (path: string) => {
  const c = new FrameClient(path);
  sockets.push(c);
  return c;
};

describe.skipIf(netTapSkip !== undefined)("container network interface over the monitor's socket", () => {
  test("eth0 is configured; ARP and ICMP echo travel both ways as length-prefixed frames", async () => {
    const c = await spawn(config(["sh", "-c", "ip addr show eth0; ip route; ping -c 1 -W 5 10.0.2.2"]));
    expect(c.handle.netSocketPaths).toEqual([runtime.netSocketPath(c.id, 0)]);
    expect(runtime.netSocketPath(c.id, 0)).toBe(join(execRoot, "s", `${c.id.slice(0, 16)}.n0.sock`));
    const client = connectFrames(c.handle.netSocketPaths[0] ?? "");
    await client.ready;
    await c.link.start();

    const arp = await client.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP who-has 10.0.2.2");
    expect(arp.subarray(0, 6)).toEqual(Buffer.alloc(6, 0xff)); // broadcast
    expect(arp.subarray(6, 12)).toEqual(macOf(MAC));
    expect(arp.subarray(22, 28)).toEqual(macOf(MAC)); // sender hardware address
    expect(arp.subarray(28, 32)).toEqual(ip("10.0.2.15"));
    client.send(arpReply(arp));

    const echo = await client.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo request to 10.0.2.2");
    expect(echo.subarray(0, 6)).toEqual(GW_MAC); // the ARP answer was taken
    expect(echo.subarray(6, 12)).toEqual(macOf(MAC));
    expect(echo.subarray(26, 30)).toEqual(ip("10.0.2.15"));
    client.send(echoReply(echo));
    // Before any frame the monitor sent its greeting: a zero length (with the TAP as SCM_RIGHTS,
    // which this plain client does not take; connectFrameSocket does).
    expect(client.greeted).toBe(true);

    const code = await c.exited;
    const out = c.output();
    expect(out).toContain("eth0");
    expect(out).toMatch(/eth0: <[^>]*UP[^>]*> mtu 65520/);
    expect(out).toContain(`link/ether ${MAC}`);
    expect(out).toContain("inet 10.0.2.15/24");
    expect(out).toMatch(/default via 10\.0\.2\.2 dev eth0/);
    expect(out).toMatch(/1 packets transmitted, 1 packets received/);
    expect(code).toBe(0);
    // At the exit the socket is gone (no new clients), while the connected one keeps the relay:
    // the guest's kernel may still send for sockets the processes left behind. When the client
    // lets go, the monitor ends.
    expect(existsSync(c.handle.netSocketPaths[0]!)).toBe(false);
    expect(await client.waitClosed(300)).toBe(false);
    expect(existsSync(`/proc/${c.handle.monitorPid}`)).toBe(true);
    client.close();
    const until = Date.now() + 5000;
    while (existsSync(`/proc/${c.handle.monitorPid}`) && Date.now() < until) await Bun.sleep(20);
    expect(existsSync(`/proc/${c.handle.monitorPid}`)).toBe(false);
  });

  test("two interfaces at start: a socket each, the default route via the first only", async () => {
    const eth1 = { name: "eth1", mac: "02:42:ac:12:00:05", ipv4: "10.0.3.5", prefixLength: 16, mtu: 9000 };
    const c = await spawn(config(["sh", "-c", "ip addr; ip route; ping -c 1 -W 5 10.0.9.9"], { interfaces: [{ name: "eth0", mac: MAC, ipv4: "10.0.2.15", prefixLength: 24, gateway: "10.0.2.2", mtu: 65520 }, eth1] }));
    expect(c.handle.netSocketPaths).toEqual([runtime.netSocketPath(c.id, 0), runtime.netSocketPath(c.id, 1)]);
    const [a, b] = c.handle.netSocketPaths.map((p) => connectFrames(p));
    await a?.ready;
    await b?.ready;
    await c.link.start();
    // 10.0.9.9 is on eth1's /16: asked there, not on eth0.
    const arp = await b!.waitFor((f) => isArpWhoHas(f, "10.0.9.9"), "ARP who-has 10.0.9.9 on eth1");
    expect(arp.subarray(6, 12)).toEqual(macOf(eth1.mac));
    b!.send(arpReply(arp));
    b!.send(echoReply(await b!.waitFor((f) => isEchoRequest(f, "10.0.9.9"), "ICMP echo on eth1")));
    expect(await c.exited).toBe(0);
    expect(a!.frames.some((f) => isArpWhoHas(f, "10.0.9.9") || isEchoRequest(f, "10.0.9.9"))).toBe(false);
    const out = c.output();
    expect(out).toMatch(/eth1: <[^>]*UP[^>]*> mtu 9000/);
    expect(out).toContain("inet 10.0.3.5/16");
    expect(out).toMatch(/default via 10\.0\.2\.2 dev eth0/);
    expect(out).not.toMatch(/default via .* dev eth1/);
    expect(out).toMatch(/10\.0\.0\.0\/16 dev eth1/);
  });

  test("a TAP that cannot be made fails the start with the reason and leaves no socket behind", async () => {
    const lo = { name: "lo", mac: MAC, ipv4: "10.0.2.15", prefixLength: 24, mtu: 1500 };
    const err = await spawn(config(["true"], { interfaces: [lo] })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^lo: create the TAP device \(TUNSETIFF\): /);
    const twice = await spawn(config(["true"], { interfaces: [{ ...lo, name: "eth0" }, { ...lo, name: "eth0" }] })).catch((e: Error) => e);
    expect((twice as Error).message).toBe("the container already has a network interface eth0");
    expect(readdirSync(join(execRoot, "s")).filter((f) => /\.n\d+\.sock$/.test(f))).toEqual([]);
  });

  test("a second container with joinPid sees the first one's eth0", async () => {
    const first = await spawn(config(["sleep", "30"]));
    await first.link.start();
    const second = await spawn(config(["ip", "addr"], { network: { joinPid: first.handle.pid }, interfaces: [] }));
    expect(second.handle.netSocketPaths).toEqual([]);
    await second.link.start();
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain("inet 10.0.2.15/24");
    expect(second.output()).toContain(`link/ether ${MAC}`);
    first.link.signal(9);
    await first.exited;
  });

  test("a new connection replaces the client; a bad length closes it", async () => {
    const c = await spawn(config(["ping", "-W", "1", "10.0.2.2"]));
    const path = c.handle.netSocketPaths[0] ?? "";
    const a = connectFrames(path);
    await a.ready;
    await c.link.start();
    await a.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP on the first client");

    const b = connectFrames(path);
    await b.ready;
    expect(await a.waitClosed()).toBe(true);
    const arp = await b.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP on the replacing client");
    b.send(arpReply(arp));
    await b.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo on the replacing client");

    b.sendRaw(Buffer.from([0, 0, 0, 0])); // length 0
    expect(await b.waitClosed()).toBe(true);
    const d = connectFrames(path);
    await d.ready;
    const from = d.frames.length;
    await d.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "ICMP echo after a reconnect", 10000, from);
    d.sendRaw(Buffer.from([0, 1, 0, 0xff])); // 65791 > 65535 + 14
    expect(await d.waitClosed()).toBe(true);

    c.link.signal(9);
    expect(await c.exited).toBe(137);
  });

  test("a 65000-byte ping crosses as one frame each way, whatever the writes' sizes", async () => {
    const c = await spawn(config(["ping", "-c", "1", "-s", "65000", "-W", "5", "10.0.2.2"]));
    const gw = connectFrames(c.handle.netSocketPaths[0] ?? "");
    await gw.ready;
    await c.link.start();
    const arp = await gw.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP who-has 10.0.2.2");
    gw.send(arpReply(arp));
    const echo = await gw.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "the big ICMP echo request");
    expect(echo.length).toBe(14 + 20 + 8 + 65000);
    // The reply in three writes, the length prefix itself split.
    const reply = echoReply(echo);
    const framed = Buffer.concat([Buffer.from([0, 0, reply.length >> 8, reply.length & 0xff]), reply]);
    for (const [a, b] of [[0, 2], [2, 30000], [30000, framed.length]] as const) {
      gw.sendRaw(framed.subarray(a, b));
      await Bun.sleep(30);
    }
    expect(await c.exited).toBe(0);
    expect(c.output()).toMatch(/1 packets transmitted, 1 packets received/);
  });

  test("a client that stops reading stalls neither the monitor nor the container; framing survives", async () => {
    const script = "(ping -q -i 0.002 -s 30000 10.0.2.2 >/dev/null &); while :; do echo tick; sleep 0.05; done";
    const c = await spawn(config(["sh", "-c", script]));
    const gw = connectFrames(c.handle.netSocketPaths[0] ?? "");
    await gw.ready;
    await c.link.start();
    gw.send(arpReply(await gw.waitFor((f) => isArpWhoHas(f, "10.0.2.2"), "ARP who-has 10.0.2.2")));
    await gw.waitFor((f) => isEchoRequest(f, "10.0.2.2"), "the flood's first echo request").catch((err: Error) => {
      throw new Error(`${err.message}; output: ${c.output()}`);
    });
    gw.pause();
    await Bun.sleep(300); // the socket and the monitor's ring fill up
    const ticksBefore = c.output().split("tick").length;
    await Bun.sleep(1000);
    const ticks = c.output().split("tick").length - ticksBefore;
    expect(ticks).toBeGreaterThan(5); // output still flows through the same monitor
    const seen = gw.frames.length;
    gw.resume();
    await gw.waitFor(() => true, "frames after resuming", 5000, seen);
    await Bun.sleep(200);
    gw.close();
    for (const f of gw.frames) {
      const type = f.readUInt16BE(12);
      expect([0x0800, 0x0806, 0x86dd]).toContain(type);
      if (type === 0x0800) expect(f.readUInt16BE(16)).toBe(f.length - 14); // IPv4 total length = what the prefix said
    }
    expect(gw.frames.filter((f) => isEchoRequest(f, "10.0.2.2")).length).toBeGreaterThan(seen + 50);
    c.link.signal(9);
    expect(await c.exited).toBe(137);
  });
});
