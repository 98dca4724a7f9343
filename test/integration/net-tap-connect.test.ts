/**
 * `network connect` / `disconnect` on a running container: ContainerRuntime.addInterface has
 * the container's monitor create one more TAP device in the container's namespaces
 * (ffi/monitor-net-add.c) and serve it on the next netSocketPath; removeInterface takes it
 * away. The container itself watches its interfaces with busybox `ip`; the test plays the
 * gateway on the new interface's socket.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { MAC, NetTapEnv, netTapSkip } from "../helpers/net-tap-containers.ts";
import { arpReply, echoReply, FrameClient, GW_MAC, ip, isArpWhoHas, isEchoRequest, macOf } from "../helpers/net-tap-frames.ts";

if (netTapSkip) console.log(`skip: net-tap connect tests: ${netTapSkip}`);
const clients: FrameClient[] = [];
const env = new NetTapEnv();
const { runtime, execRoot } = env;
const config = env.config.bind(env);
const spawn = env.spawn.bind(env);
afterAll(() => {
  for (const c of clients) c.close();
  env.cleanup();
});

const MAC1 = "02:42:ac:12:00:03";
const eth1 = { name: "eth1", mac: MAC1, ipv4: "10.0.3.15", prefixLength: 24, mtu: 1500 };

/** Waits for eth1 with its address, pings over it, waits for it to go, then reports. */
const script = [
  "until ip addr show eth1 2>/dev/null | grep -q 'inet 10.0.3.15/24'; do sleep 0.05; done",
  "ip addr show eth1",
  "ping -c 1 -W 5 10.0.3.2 && echo PING-OK",
  "while ip link show eth1 >/dev/null 2>&1; do sleep 0.05; done",
  "echo ETH1-GONE",
  "ip addr show eth0 | grep -q 'inet 10.0.2.15/24' && echo ETH0-STILL",
  "exec sleep 30",
].join("; ");

describe.skipIf(netTapSkip !== undefined)("network interfaces added to and removed from a running container", () => {
  test("addInterface serves a new TAP on the next socket; removeInterface takes it away", async () => {
    const c = await spawn(config(["sh", "-c", script]));
    await c.link.start();
    const path = await runtime.addInterface(c.id, c.handle.pid, eth1);
    expect(path).toBe(runtime.netSocketPath(c.id, 1));
    expect(existsSync(path)).toBe(true);

    const gw = new FrameClient(path);
    clients.push(gw);
    await gw.ready;
    const arp = await gw.waitFor((f) => isArpWhoHas(f, "10.0.3.2"), "ARP who-has 10.0.3.2 on eth1");
    expect(arp.subarray(6, 12)).toEqual(macOf(MAC1));
    expect(arp.subarray(28, 32)).toEqual(ip("10.0.3.15"));
    gw.send(arpReply(arp));
    const echo = await gw.waitFor((f) => isEchoRequest(f, "10.0.3.2"), "ICMP echo on eth1");
    expect(echo.subarray(0, 6)).toEqual(GW_MAC);
    gw.send(echoReply(echo));

    // The same name again is refused; so is an interface of a container that is not there.
    await expect(runtime.addInterface(c.id, c.handle.pid, eth1)).rejects.toThrow(/already has a network interface eth1/);
    await expect(runtime.addInterface(c.id, c.handle.pid + 100000, { ...eth1, name: "eth2" })).rejects.toThrow(/not running as process/);

    await runtime.removeInterface(c.id, "eth1");
    expect(await gw.waitClosed()).toBe(true);
    expect(existsSync(path)).toBe(false);
    const deadline = Date.now() + 10000;
    while (!c.output().includes("ETH0-STILL") && Date.now() < deadline) await Bun.sleep(20);
    await expect(runtime.removeInterface(c.id, "eth1")).rejects.toThrow(/no network interface eth1/);

    c.link.signal(9);
    expect(await c.exited).toBe(137);
    const out = c.output();
    expect(out).toContain(`link/ether ${MAC1}`);
    expect(out).toMatch(/eth1: <[^>]*UP[^>]*> mtu 1500/);
    expect(out).toContain("PING-OK");
    expect(out).toContain("ETH1-GONE");
    expect(out).toContain("ETH0-STILL");
    expect(MAC).not.toBe(MAC1);
  });

  test("addInterface on a container that has exited is refused", async () => {
    const c = await spawn(config(["true"]));
    await c.link.start();
    await c.exited;
    await expect(runtime.addInterface(c.id, c.handle.pid, eth1)).rejects.toThrow(/not running/);
  });
});
