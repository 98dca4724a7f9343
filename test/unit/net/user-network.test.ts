import { afterEach, describe, expect, test } from "bun:test";
import { UserNetwork } from "../../../src/net/index.ts";
import { TestGuest, ip4, parse, sum16 } from "./_guest.ts";

const nets: UserNetwork[] = [];
function network(extra: Partial<ConstructorParameters<typeof UserNetwork>[0]> = {}): UserNetwork {
  const n = new UserNetwork({ subnet: "10.88.0.0/24", gateway: "10.88.0.1", dns: { servers: [], resolveNames: true }, ...extra });
  nets.push(n);
  return n;
}
afterEach(() => {
  for (const n of nets.splice(0)) n.close();
});

function attach(n: UserNetwork, ip: string, mac: string, names: string[] = []): TestGuest {
  const g = new TestGuest(ip, mac, n.gatewayMac);
  n.attach({ id: `c-${ip}`, ip, mac, names }, g.link);
  return g;
}

describe("UserNetwork: ARP and ICMP", () => {
  test("answers ARP for the gateway with the gateway's MAC", async () => {
    const n = network();
    const g = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    g.send(g.arpRequest("10.88.0.1"));
    const r = await g.next((p) => p.type === 0x0806);
    expect(r.dstMac).toBe("02:42:0a:58:00:02");
    expect(r.srcMac).toBe(n.gatewayMac);
    const f = r.frame;
    expect([f[20], f[21]]).toEqual([0, 2]); // reply
    expect([...f.subarray(28, 32)]).toEqual(ip4("10.88.0.1"));
    expect([...f.subarray(38, 42)]).toEqual(ip4("10.88.0.2"));
  });

  test("answers ARP for another endpoint (proxy ARP) and nothing for unknown addresses", async () => {
    const n = network();
    const a = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    a.send(a.arpRequest("10.88.0.3"));
    const r = await a.next((p) => p.type === 0x0806);
    expect(r.frame.subarray(22, 28)).toEqual(new Uint8Array([2, 0x42, 10, 0x58, 0, 3]));
    a.send(a.arpRequest("10.88.0.77"));
    expect(await a.none((p) => p.type === 0x0806)).toBe(true);
  });

  test("echo to the gateway is answered with the same id, sequence and data", async () => {
    const n = network();
    const g = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    g.send(g.icmpEcho("10.88.0.1", 0x1234, 7, [1, 2, 3, 4, 5]));
    const r = await g.next((p) => p.proto === 1);
    expect(r.src).toBe("10.88.0.1");
    expect(r.dst).toBe("10.88.0.2");
    expect([r.l4![0], r.l4![1]]).toEqual([0, 0]);
    expect([...r.l4!.subarray(4)]).toEqual([0x12, 0x34, 0, 7, 1, 2, 3, 4, 5]);
    expect(sum16(r.l4!)).toBe(0xffff);
  });

  test("packets with bad checksums are dropped", async () => {
    const n = network();
    const g = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    g.send(g.icmpEcho("10.88.0.1", 1, 1, [9], { badSum: true }));
    const bad = g.icmpEcho("10.88.0.1", 1, 2, [9]);
    bad[24] = bad[24]! ^ 0xff; // IP header checksum
    g.send(bad);
    g.send(g.tcp("10.88.0.1", { sport: 40000, dport: 9, flags: 2 }, { badSum: true }));
    g.send(g.udp("10.88.0.1", 40000, 53, [1, 2, 3], { badSum: true }));
    expect(await g.none(() => true)).toBe(true);
  });

  test("truncated, malformed and random frames never throw and leave the network working", async () => {
    const n = network();
    const g = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    const other = attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    const good = [g.arpRequest("10.88.0.1"), g.icmpEcho("10.88.0.1", 1, 1, [1, 2]), g.tcp("10.88.0.1", { sport: 1, dport: 2, flags: 2, options: [2, 4, 5, 0xb4, 3, 3, 7, 1] }), g.udp("10.88.0.1", 5, 53, [0, 1])];
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (const f of good) for (let len = 0; len < f.length; len++) g.send(f.subarray(0, len));
    for (let i = 0; i < 3000; i++) {
      const f = Uint8Array.from(good[i % good.length]!);
      for (let k = 0; k < 3; k++) f[14 + (rnd() % (f.length - 14))] = rnd() & 255;
      g.send(f);
      const junk = new Uint8Array(rnd() % 120);
      for (let k = 0; k < junk.length; k++) junk[k] = rnd() & 255;
      g.send(junk);
    }
    g.link.received.length = 0;
    other.send(other.icmpEcho("10.88.0.1", 3, 3, [7]));
    const r = await other.next((p) => p.proto === 1);
    expect(r.dst).toBe("10.88.0.3");
  });
});

describe("UserNetwork: switching", () => {
  test("frames between endpoints of one network are switched by MAC", async () => {
    const n = network();
    const a = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    const b = attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    const f = a.udp("10.88.0.3", 1000, 2000, [1, 2, 3]);
    f.set([2, 0x42, 10, 0x58, 0, 3], 0);
    a.send(f);
    const r = await b.next((p) => p.proto === 17);
    expect(r.src).toBe("10.88.0.2");
    expect([...r.l4!.subarray(8)]).toEqual([1, 2, 3]);
  });

  test("a forged source MAC or IP is dropped", async () => {
    const n = network();
    const a = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    const b = attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    const forged = new TestGuest("10.88.0.2", "02:42:0a:58:00:09", n.gatewayMac);
    const f = forged.udp("10.88.0.3", 1, 2, [1]);
    f.set([2, 0x42, 10, 0x58, 0, 3], 0);
    a.send(f); // arrives on a's link with a MAC that is not a's
    a.send(new TestGuest("10.88.0.3", a.mac, n.gatewayMac).icmpEcho("10.88.0.1", 1, 1, [])); // a's MAC, b's address
    expect(await b.none(() => true)).toBe(true);
    expect(await a.none(() => true, 50)).toBe(true);
  });

  test("two networks are isolated: an ARP or frame from one never reaches the other", async () => {
    const n1 = network();
    const n2 = network();
    const a = attach(n1, "10.88.0.2", "02:42:0a:58:00:02");
    const b = attach(n2, "10.88.0.3", "02:42:0a:58:00:03");
    a.send(a.arpRequest("10.88.0.3"));
    const f = a.udp("10.88.0.3", 1000, 2000, [1]);
    f.set([2, 0x42, 10, 0x58, 0, 3], 0);
    a.send(f);
    expect(await a.none((p) => p.type === 0x0806)).toBe(true);
    expect(await b.none(() => true, 50)).toBe(true);
  });

  test("broadcast floods are capped per endpoint", async () => {
    const n = network();
    const a = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    const b = attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    const bc = a.eth("ff:ff:ff:ff:ff:ff", 0x88b5, new Array(50).fill(1));
    for (let i = 0; i < 10000; i++) a.send(bc);
    expect(b.link.received.length).toBeGreaterThan(0);
    expect(b.link.received.length).toBeLessThanOrEqual(100);
  });

  test("detach closes the link and forgets the endpoint", async () => {
    const n = network();
    const a = attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    const b = attach(n, "10.88.0.3", "02:42:0a:58:00:03");
    n.detach("c-10.88.0.3");
    expect(b.link.closed).toBe(true);
    a.send(a.arpRequest("10.88.0.3"));
    expect(await a.none((p) => p.type === 0x0806)).toBe(true);
  });

  test("attach refuses addresses outside the subnet, the gateway's and duplicates", () => {
    const n = network();
    attach(n, "10.88.0.2", "02:42:0a:58:00:02");
    expect(() => attach(n, "10.89.0.2", "02:42:0a:58:00:05")).toThrow(/not in subnet/);
    expect(() => attach(n, "10.88.0.1", "02:42:0a:58:00:06")).toThrow(/in use/);
    expect(() => n.attach({ id: "other", ip: "10.88.0.2", mac: "02:42:0a:58:00:07", names: [] }, new TestGuest("10.88.0.2", "02:42:0a:58:00:07").link)).toThrow(/in use/);
  });

  test("parse helper sees the network's frames as valid", () => {
    expect(() => parse(new Uint8Array(14))).not.toThrow();
  });
});
