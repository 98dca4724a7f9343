import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import type { udp } from "bun";
import * as dnsPacket from "dns-packet";
import { UserNetwork } from "../../../src/net/index.ts";
import { TestGuest } from "./_guest.ts";

const nets: UserNetwork[] = [];
afterEach(() => {
  for (const n of nets.splice(0)) n.close();
});

let echo: udp.Socket<"buffer">;
let stub: udp.Socket<"buffer">;
const stubSeen: string[] = [];
beforeAll(async () => {
  echo = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0, socket: { data: (s, d, port, addr) => void s.send(Buffer.concat([Buffer.from("echo:"), d]), port, addr) } });
  // A stub resolver on loopback: every A question gets 192.0.2.<length of the name>.
  stub = await Bun.udpSocket({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(s, d, port, addr) {
        const q = dnsPacket.decode(d);
        const name = q.questions![0]!.name;
        stubSeen.push(name);
        if (name === "silent.test") return;
        s.send(dnsPacket.encode({ type: "response", id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [{ type: "A", name, data: `192.0.2.${name.length}` }] }), port, addr);
      },
    },
  });
});
afterAll(() => {
  echo.close();
  stub.close();
});

function setup(extra: Partial<ConstructorParameters<typeof UserNetwork>[0]> = {}) {
  const n = new UserNetwork({ subnet: "10.89.0.0/24", gateway: "10.89.0.1", dns: { servers: [`127.0.0.1:${stub.port}`], resolveNames: true, search: ["corp.example"] }, ...extra });
  nets.push(n);
  const g = new TestGuest("10.89.0.5", "02:42:0a:59:00:05", n.gatewayMac);
  n.attach({ id: "web", ip: g.ip, mac: g.mac, names: ["web", "alias1"] }, g.link);
  const db = new TestGuest("10.89.0.6", "02:42:0a:59:00:06", n.gatewayMac);
  n.attach({ id: "db", ip: db.ip, mac: db.mac, names: ["db", "abcdef123456"] }, db.link);
  return { n, g, db };
}

/** What the tests read of an answer (dns-packet's types leave rcode and data out). */
interface Decoded {
  id?: number;
  rcode?: string;
  answers?: { data?: unknown }[];
}

async function ask(g: TestGuest, name: string, type: "A" | "AAAA" = "A", id = 4242) {
  g.send(g.udp("10.89.0.1", 5353, 53, dnsPacket.encode({ type: "query", id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] })));
  const r = await g.next((p) => p.proto === 17 && ((p.l4![8]! << 8) | p.l4![9]!) === id, 6000);
  expect(r.src).toBe("10.89.0.1");
  expect((r.l4![0]! << 8) | r.l4![1]!).toBe(53);
  return dnsPacket.decode(Buffer.from(r.l4!.subarray(8))) as unknown as Decoded;
}

describe("UDP through the network", () => {
  test("a datagram to the gateway reaches the host's loopback and the reply comes back", async () => {
    const { g } = setup();
    g.send(g.udp("10.89.0.1", 40001, echo.port, new TextEncoder().encode("hi")));
    const r = await g.next((p) => p.proto === 17);
    expect(r.src).toBe("10.89.0.1");
    expect(new TextDecoder().decode(r.l4!.subarray(8))).toBe("echo:hi");
    expect((r.l4![2]! << 8) | r.l4![3]!).toBe(40001);
    // The same flow carries more datagrams.
    g.send(g.udp("10.89.0.1", 40001, echo.port, new TextEncoder().encode("again")));
    expect(new TextDecoder().decode((await g.next((p) => p.proto === 17)).l4!.subarray(8))).toBe("echo:again");
  });

  test("hostLoopback: false refuses the gateway's ports with ICMP port unreachable", async () => {
    const { g } = setup({ hostLoopback: false });
    g.send(g.udp("10.89.0.1", 40001, echo.port, [1]));
    const r = await g.next((p) => p.proto === 1);
    expect([r.l4![0], r.l4![1]]).toEqual([3, 3]);
  });

  test("an internal network has no way out", async () => {
    const { g } = setup({ internal: true });
    g.send(g.udp("192.0.2.9", 40001, 9, [1]));
    g.send(g.udp("10.89.0.1", 40002, echo.port, [1]));
    const r1 = await g.next((p) => p.proto === 1);
    const r2 = await g.next((p) => p.proto === 1);
    expect([r1.l4![0], r1.l4![1], r2.l4![0], r2.l4![1]]).toEqual([3, 13, 3, 3]);
    expect(await g.none((p) => p.proto === 17)).toBe(true);
  });
});

describe("DNS at the gateway", () => {
  test("endpoint names, aliases and short ids are answered from the network", async () => {
    const { g } = setup();
    for (const [name, ip] of [["db", "10.89.0.6"], ["DB.", "10.89.0.6"], ["abcdef123456", "10.89.0.6"], ["alias1", "10.89.0.5"], ["db.corp.example", "10.89.0.6"]] as const) {
      const a = await ask(g, name);
      expect(a.id).toBe(4242);
      expect(a.rcode).toBe("NOERROR");
      expect(a.answers!.map((x) => x.data)).toEqual([ip]);
    }
    const six = await ask(g, "db", "AAAA");
    expect(six.rcode).toBe("NOERROR");
    expect(six.answers).toEqual([]);
    expect(stubSeen.filter((n) => n.startsWith("db") || n === "abcdef123456")).toEqual([]);
  });

  test("a released endpoint (its container exited) is no longer found by name; attaching its address again ends the release", async () => {
    const { n, g, db } = setup();
    let released = false;
    const release = n.release("db", { quietMs: 60_000 }).then(() => (released = true));
    const gone = await ask(g, "db");
    expect(gone.answers!.map((x) => x.data)).not.toContain("10.89.0.6");
    expect(stubSeen).toContain("db");
    expect(released).toBe(false);
    expect(db.link.closed).toBe(false);
    const next = new TestGuest("10.89.0.6", "02:42:0a:59:00:06", n.gatewayMac);
    n.attach({ id: "db", ip: next.ip, mac: next.mac, names: ["db"] }, next.link);
    await release;
    expect(db.link.closed).toBe(true);
    expect(next.link.closed).toBe(false);
    expect((await ask(g, "db", "A", 4343)).answers!.map((x) => x.data)).toEqual(["10.89.0.6"]);
  });

  test("other names are forwarded to the configured resolver with the guest's id", async () => {
    const { g } = setup();
    const a = await ask(g, "example.test", "A", 777);
    expect(a.id).toBe(777);
    expect(a.answers!.map((x) => x.data)).toEqual(["192.0.2.12"]);
    expect(stubSeen).toContain("example.test");
  });

  test("without resolveNames (the default bridge) names are forwarded too", async () => {
    const { g } = setup({ dns: { servers: [`127.0.0.1:${stub.port}`], resolveNames: false } });
    const a = await ask(g, "db");
    expect(a.answers!.map((x) => x.data)).toEqual(["192.0.2.2"]);
  });

  test("an internal network answers names only", async () => {
    const { g } = setup({ internal: true });
    expect((await ask(g, "db")).answers!.map((x) => x.data)).toEqual(["10.89.0.6"]);
    const before = stubSeen.length;
    expect((await ask(g, "example.test")).rcode).toBe("REFUSED");
    expect(stubSeen.length).toBe(before);
  });

  test("one endpoint flooding the forwarder does not starve another", async () => {
    const { g, db } = setup();
    for (let i = 0; i < 400; i++) g.send(g.udp("10.89.0.1", 6000 + (i % 50), 53, dnsPacket.encode({ type: "query", id: i, questions: [{ type: "A", name: "silent.test" }] })));
    await Bun.sleep(20);
    // Beyond its share the flooder gets SERVFAIL at once...
    const quick = g.link.received.length;
    expect(quick).toBeGreaterThanOrEqual(400 - 256);
    // ...and the other endpoint is still answered.
    const a = await ask(db, "example.test", "A", 99);
    expect(a.answers!.map((x) => x.data)).toEqual(["192.0.2.12"]);
  });

  test("a resolver that never answers gives SERVFAIL after the timeout", async () => {
    const { g } = setup();
    const a = await ask(g, "silent.test");
    expect(a.rcode).toBe("SERVFAIL");
  });
});
