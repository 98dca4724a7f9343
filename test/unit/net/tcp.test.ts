import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import type { Socket, TCPSocketListener } from "bun";
import { Conflict } from "../../../src/lib/index.ts";
import { UserNetwork } from "../../../src/net/index.ts";
import { F, MemLink, PartsLink, TestGuest, parseTcp, type Parsed, type TcpSeg } from "./_guest.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(dnsServers: string[] = [], link: MemLink = new MemLink()) {
  const n = new UserNetwork({ subnet: "10.90.0.0/24", gateway: "10.90.0.1", dns: { servers: dnsServers, resolveNames: true } });
  cleanups.push(() => n.close());
  const g = new TestGuest("10.90.0.2", "02:42:0a:5a:00:02", n.gatewayMac, link);
  n.attach({ id: "ctr", ip: g.ip, mac: g.mac, names: [] }, g.link);
  return { n, g };
}

interface Server {
  port: number;
  got: Buffer[];
  ended: boolean;
  /** How the host's socket went, if not by the peer's FIN: ECONNRESET and the like. */
  error?: string;
  sock?: Socket<unknown>;
  opened: Promise<Socket<unknown>>;
}
function server(onOpen?: (s: Socket<unknown>) => void): Server {
  let resolve!: (s: Socket<unknown>) => void;
  const st: Server = { port: 0, got: [], ended: false, opened: new Promise((r) => (resolve = r)) };
  const l: TCPSocketListener<unknown> = Bun.listen<unknown>({
    hostname: "127.0.0.1",
    port: 0,
    allowHalfOpen: true,
    socket: {
      open(s) {
        st.sock = s;
        onOpen?.(s);
        resolve(s);
      },
      data(_s, d) {
        st.got.push(Buffer.from(d));
      },
      end() {
        st.ended = true;
      },
      error(_s, err) {
        st.error = err.message;
      },
      close(_s, err) {
        if (err) st.error = err.message;
      },
    },
  });
  st.port = l.port;
  cleanups.push(() => l.stop(true));
  return st;
}

const isTcp = (p: Parsed) => p.proto === 6;
const seg = (p: Parsed): TcpSeg => parseTcp(p.l4!);

/** A scripted guest-side TCP connection to the gateway. */
async function handshake(g: TestGuest, port: number, sport = 45000, iss = 1000) {
  g.send(g.tcp("10.90.0.1", { sport, dport: port, seq: iss, flags: F.SYN, window: 65535, options: [2, 4, 0x05, 0xb4, 1, 3, 3, 7] }));
  const synAck = seg(await g.next(isTcp));
  expect(synAck.flags).toBe(F.SYN | F.ACK);
  expect(synAck.ack).toBe(iss + 1);
  expect(synAck.options.slice(0, 4)).toEqual([2, 4, 0xff, 0xc8]); // MSS 65480
  expect(synAck.options.slice(4)).toEqual([1, 3, 3, 7]);
  const c = { sport, dport: port, seq: iss + 1, ack: (synAck.seq + 1) >>> 0 };
  g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK, window: 1024 }));
  return c;
}

describe("TCP from a guest to the host", () => {
  test("handshake, data both ways, half-close and FIN each way", async () => {
    const srv = server();
    const { g } = setup();
    const c = await handshake(g, srv.port);
    const host = await srv.opened;
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.PSH, window: 1024, data: new TextEncoder().encode("ping") }));
    c.seq += 4;
    const ack = seg(await g.next(isTcp));
    expect(ack.ack).toBe(c.seq);
    await Bun.sleep(50);
    expect(Buffer.concat(srv.got).toString()).toBe("ping");
    host.write("pong");
    const data = seg(await g.next((p) => isTcp(p) && seg(p).data.length > 0));
    expect(new TextDecoder().decode(data.data)).toBe("pong");
    expect(data.seq).toBe(c.ack);
    c.ack += 4;
    // The guest half-closes; the host still sends.
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.FIN, window: 1024 }));
    c.seq += 1;
    expect(seg(await g.next(isTcp)).ack).toBe(c.seq);
    await Bun.sleep(50);
    expect(srv.ended).toBe(true);
    host.write("late");
    const late = seg(await g.next((p) => isTcp(p) && seg(p).data.length > 0));
    expect(new TextDecoder().decode(late.data)).toBe("late");
    c.ack += 4;
    host.end();
    const fin = seg(await g.next((p) => isTcp(p) && (seg(p).flags & F.FIN) !== 0));
    expect(fin.seq).toBe(c.ack);
    g.send(g.tcp("10.90.0.1", { ...c, ack: c.ack + 1, flags: F.ACK, window: 1024 }));
    // The flow is gone: a stray segment now gets a reset.
    await Bun.sleep(50);
    g.send(g.tcp("10.90.0.1", { ...c, ack: c.ack + 1, flags: F.ACK, window: 1024 }));
    expect(seg(await g.next(isTcp)).flags & F.RST).toBe(F.RST);
  });

  test("release (the container exited): a flow is carried until the guest's FIN, which reaches the host as a clean end", async () => {
    const srv = server();
    const { n, g } = setup();
    const c = await handshake(g, srv.port);
    await srv.opened;
    let released = false;
    const release = n.release("ctr", { quietMs: 20 }).then(() => (released = true));
    await Bun.sleep(150);
    expect(released).toBe(false); // the flow still has the guest's data to come
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.PSH, window: 1024, data: new TextEncoder().encode("last words") }));
    c.seq += 10;
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.FIN, window: 1024 }));
    await release;
    expect(g.link.closed).toBe(true);
    for (let i = 0; i < 50 && !srv.ended; i++) await Bun.sleep(10);
    expect(Buffer.concat(srv.got).toString()).toBe("last words");
    expect(srv.ended).toBe(true);
    expect(srv.error).toBeUndefined();
  });

  test("release gives up after maxMs: a flow the guest never finished is reset", async () => {
    const srv = server();
    const { n, g } = setup();
    await handshake(g, srv.port);
    await srv.opened;
    const t0 = performance.now();
    await n.release("ctr", { quietMs: 20, maxMs: 200 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
    expect(g.link.closed).toBe(true);
    for (let i = 0; i < 50 && !srv.error; i++) await Bun.sleep(10);
    expect(srv.error).toContain("ECONNRESET");
  });

  test("after the guest's FIN, what the host sends with its own FIN all arrives, then the FIN", async () => {
    const srv = server();
    const { g } = setup();
    const c = await handshake(g, srv.port);
    const host = await srv.opened;
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.FIN, window: 1024 }));
    c.seq += 1;
    expect(seg(await g.next(isTcp)).ack).toBe(c.seq);
    for (let i = 0; i < 50 && !srv.ended; i++) await Bun.sleep(10);
    expect(srv.ended).toBe(true);
    // Both directions are now shut once the host ends: its socket hangs up with data unread.
    const big = Buffer.alloc(3 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 255;
    host.write(big);
    host.end();
    const parts: Uint8Array[] = [];
    for (;;) {
      const s = seg(await g.next(isTcp, 5000));
      if (s.data.length > 0) {
        expect(s.seq).toBe(c.ack);
        parts.push(Uint8Array.prototype.slice.call(s.data));
        c.ack = (c.ack + s.data.length) >>> 0;
      }
      if (s.flags & F.FIN) break;
      g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK, window: 1024 }));
    }
    expect(Buffer.concat(parts).equals(big)).toBe(true);
  });

  test("DNS over TCP to the gateway goes to the first resolver", async () => {
    const srv = server();
    const { g } = setup([`127.0.0.1:${srv.port}`]);
    const c = await handshake(g, 53);
    await srv.opened;
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.ACK | F.PSH, window: 1024, data: new Uint8Array([0, 2, 7, 7]) }));
    for (let i = 0; i < 40 && srv.got.length === 0; i++) await Bun.sleep(25);
    expect([...Buffer.concat(srv.got)]).toEqual([0, 2, 7, 7]);
  });

  test("a refused connection is reset", async () => {
    const { g } = setup();
    const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
    const port = probe.port;
    probe.stop(true);
    g.send(g.tcp("10.90.0.1", { sport: 45001, dport: port, seq: 5, flags: F.SYN, options: [2, 4, 5, 0xb4] }));
    const r = seg(await g.next(isTcp));
    expect(r.flags & F.RST).toBe(F.RST);
    expect(r.ack).toBe(6);
  });

  test("a guest reset aborts the host connection", async () => {
    let closed = false;
    const srv = server((s) => void s);
    const { g } = setup();
    const c = await handshake(g, srv.port);
    const host = await srv.opened;
    (host as unknown as { data: unknown }).data = undefined;
    g.send(g.tcp("10.90.0.1", { ...c, flags: F.RST }));
    for (let i = 0; i < 40 && !closed; i++) {
      await Bun.sleep(25);
      closed = host.readyState <= 0 || host.write("x") < 0;
    }
    expect(closed).toBe(true);
  });

  test("guest→host bulk data respects a stalled host reader: the window closes, nothing is lost", async () => {
    const srv = server((s) => s.pause());
    const { g } = setup();
    const c = await handshake(g, srv.port);
    const host = await srv.opened;
    const total = 24 << 20;
    const payload = new Uint8Array(total);
    for (let i = 0; i < total; i += 4096) payload[i] = (i >>> 12) & 255;
    let sent = 0;
    let window = 65535;
    let zeroSeen = false;
    let resumed = false;
    // Send while the advertised window allows, then wait for window updates.
    for (let rounds = 0; sent < total && rounds < 4000; rounds++) {
      while (sent < total && window > 0) {
        const n = Math.min(60000, total - sent, window);
        g.send(g.tcp("10.90.0.1", { ...c, seq: (c.seq + sent) >>> 0, flags: F.ACK, window: 1024, data: payload.subarray(sent, sent + n) }));
        sent += n;
        window -= n;
      }
      const a = seg(await g.next(isTcp));
      const acked = (a.ack - c.seq) >>> 0;
      window = (a.window << 7) - (sent - acked);
      if (a.window === 0) zeroSeen = true;
      if (zeroSeen && !resumed) {
        resumed = true;
        host.resume();
      }
    }
    expect(zeroSeen).toBe(true);
    for (let i = 0; i < 200 && srv.got.reduce((s, b) => s + b.length, 0) < total; i++) await Bun.sleep(20);
    const got = Buffer.concat(srv.got);
    expect(got.length).toBe(total);
    expect(createHash("sha256").update(got).digest("hex")).toBe(createHash("sha256").update(payload).digest("hex"));
  });

  for (const kind of ["whole frames", "headers and payload parts (partial checksum)"]) test(`host→guest bulk data is cut to the guest's MSS and window, in order: ${kind}`, async () => {
    const total = 8 << 20;
    const data = Buffer.alloc(total);
    for (let i = 0; i < total; i++) data[i] = (i * 31) & 255;
    const srv = server((s) => {
      let off = 0;
      const pump = () => {
        while (off < total) {
          const w = s.write(data.subarray(off, Math.min(total, off + (1 << 20))));
          if (w <= 0) return;
          off += w;
        }
        s.end();
      };
      (s as unknown as { data: unknown }).data = pump;
      pump();
    });
    const link = kind === "whole frames" ? new MemLink() : new PartsLink();
    const { g } = setup([], link);
    const c = await handshake(g, srv.port);
    const host = await srv.opened;
    const parts: Uint8Array[] = [];
    let next = c.ack;
    let fin = false;
    const mss = 1460;
    while (!fin) {
      const s = seg(await g.next(isTcp, 5000));
      expect(s.data.length).toBeLessThanOrEqual(mss);
      expect(s.seq).toBe(next);
      parts.push(Uint8Array.prototype.slice.call(s.data));
      next = (next + s.data.length) >>> 0;
      if (s.flags & F.FIN) {
        fin = true;
        next = (next + 1) >>> 0;
      }
      g.send(g.tcp("10.90.0.1", { ...c, ack: next, flags: F.ACK, window: 512 })); // 64 KiB window (scale 7)
      const fn = (host as unknown as { data?: () => void }).data;
      if (typeof fn === "function") fn();
    }
    const got = Buffer.concat(parts);
    expect(got.length).toBe(total);
    expect(got.equals(data)).toBe(true);
    if (link instanceof PartsLink) expect(link.partsFrames).toBeGreaterThan(total / mss - 1);
  });
});

describe("published TCP ports", () => {
  test("a host client becomes a connection into the container, shown as the gateway for loopback", async () => {
    const { n, g } = setup();
    const pub = await n.publish("ctr", { proto: "tcp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 80 });
    cleanups.push(() => pub.close());
    expect(pub.hostPort).toBeGreaterThan(0);
    const got: Buffer[] = [];
    let ended = false;
    const client = await Bun.connect({ hostname: "127.0.0.1", port: pub.hostPort, allowHalfOpen: true, socket: { data: (_s, d) => void got.push(Buffer.from(d)), end: () => void (ended = true) } });
    cleanups.push(() => client.terminate());
    const syn = await g.next(isTcp);
    expect(syn.src).toBe("10.90.0.1");
    const s = seg(syn);
    expect(s.flags).toBe(F.SYN);
    expect(s.dport).toBe(80);
    expect(s.sport).toBe(client.localPort);
    const c = { sport: 80, dport: s.sport, seq: 9000, ack: (s.seq + 1) >>> 0 };
    const to = (x: object) => g.send(g.tcp("10.90.0.1", { ...c, window: 1024, ...x }));
    // The guest is its own sender here: tcp() builds from the guest's address to the client.
    to({ flags: F.SYN | F.ACK, options: [2, 4, 5, 0xb4, 1, 3, 3, 7] });
    c.seq += 1;
    const ack = seg(await g.next(isTcp));
    expect(ack.flags).toBe(F.ACK);
    expect(ack.ack).toBe(c.seq);
    client.write("GET /");
    const req = seg(await g.next((p) => isTcp(p) && seg(p).data.length > 0));
    expect(new TextDecoder().decode(req.data)).toBe("GET /");
    c.ack += 5;
    to({ flags: F.ACK | F.PSH | F.FIN, data: new TextEncoder().encode("200 OK") });
    for (let i = 0; i < 40 && !ended; i++) await Bun.sleep(25);
    expect(Buffer.concat(got).toString()).toBe("200 OK");
    expect(ended).toBe(true);
  });

  test("a port that is taken is a Conflict with Docker's message", async () => {
    const { n } = setup();
    const pub = await n.publish("ctr", { proto: "tcp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 80 });
    cleanups.push(() => pub.close());
    const err = await n.publish("ctr", { proto: "tcp", hostIp: "127.0.0.1", hostPort: pub.hostPort, containerPort: 81 }).catch((e) => e);
    expect(err).toBeInstanceOf(Conflict);
    expect(err.message).toBe(`Bind for 127.0.0.1:${pub.hostPort} failed: port is already allocated`);
    const u = await n.publish("ctr", { proto: "udp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 53 });
    cleanups.push(() => u.close());
    const uerr = await n.publish("ctr", { proto: "udp", hostIp: "127.0.0.1", hostPort: u.hostPort, containerPort: 53 }).catch((e) => e);
    expect(uerr).toBeInstanceOf(Conflict);
  });

  test.skipIf(process.getuid?.() === 0)("a privileged port without privileges says how to allow it", async () => {
    const { n } = setup();
    const err = await n.publish("ctr", { proto: "tcp", hostIp: "127.0.0.1", hostPort: 81, containerPort: 80 }).catch((e) => e);
    expect(err.message).toContain("sysctl net.ipv4.ip_unprivileged_port_start=81");
    expect(err.status).toBe(400);
  });

  test("published UDP: per-client flows, replies go back to the client", async () => {
    const { n, g } = setup();
    const pub = await n.publish("ctr", { proto: "udp", hostIp: "127.0.0.1", hostPort: 0, containerPort: 5000 });
    cleanups.push(() => pub.close());
    const replies: string[] = [];
    const client = await Bun.udpSocket({ hostname: "127.0.0.1", port: 0, socket: { data: (_s, d) => void replies.push(d.toString()) } });
    cleanups.push(() => client.close());
    client.send("q1", pub.hostPort, "127.0.0.1");
    const dg = await g.next((p) => p.proto === 17);
    expect(dg.src).toBe("10.90.0.1");
    const sport = (dg.l4![0]! << 8) | dg.l4![1]!;
    expect(sport).toBe(client.port);
    expect(new TextDecoder().decode(dg.l4!.subarray(8))).toBe("q1");
    g.send(g.udp("10.90.0.1", 5000, sport, new TextEncoder().encode("a1")));
    for (let i = 0; i < 40 && replies.length === 0; i++) await Bun.sleep(25);
    expect(replies).toEqual(["a1"]);
  });
});
