import { Conflict, InvalidArgument, log } from "../lib/index.ts";
import { type Cidr, inCidr, macKey, numberToIp, parseCidr, parseIp, parseMac } from "./addr.ts";
import { onesSum } from "./checksum.ts";
import { DnsForwarder } from "./dns-forwarder.ts";
import type { FastFrameLink, FrameLink } from "./frame-link.ts";
import { type Guest, flowKey } from "./guest.ts";
import { type DrainLimits, guestDrained } from "./guest-drain.ts";
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, type Ipv4, PROTO_ICMP, PROTO_TCP, PROTO_UDP, get16, get32, l4ChecksumOk, parseIpv4 } from "./packet.ts";
import { type PublishSpec, type Published, publishPort } from "./publish.ts";
import { UNREACH_ADMIN, UNREACH_PORT, arpReply, echoReply, resetFor, unreachable } from "./replies.ts";
import { ACK, SYN, type TcpEnv } from "./tcp-env.ts";
import { TcpFlow } from "./tcp-flow.ts";
import { UDP_IDLE_SECONDS, UdpFlow, sendUdp } from "./udp-flow.ts";

export type { PublishSpec, Published } from "./publish.ts";

/** A container's attachment to a network. */
export interface Endpoint {
  id: string;
  ip: string;
  mac: string;
  /** Names answered by the network's DNS (user networks): container name, aliases, short id. */
  names: string[];
}

export interface UserNetworkOptions {
  subnet: string;
  gateway: string;
  mtu?: number;
  /** No way out: only same-network traffic and the gateway's DNS (names only). */
  internal?: boolean;
  /**
   * Host resolvers ("ip" or "ip:port"); resolveNames answers endpoint names (user networks).
   * search: the containers' search domains, stripped from a query before matching names.
   */
  dns: { servers: string[]; resolveNames: boolean; search?: string[] };
  /** Default true: TCP/UDP to the gateway address (except DNS 53) reaches the host's 127.0.0.1. */
  hostLoopback?: boolean;
}

export const DEFAULT_MTU = 65520;
const TICK_MS = 250;
/** Flows per endpoint: each holds a host socket, and the daemon's descriptors are shared by all. */
const MAX_TCP_FLOWS = 4096;
const MAX_UDP_FLOWS = 1024;
/** Broadcast frames an endpoint may flood to the others per tick. */
const FLOOD_PER_TICK = 100;

/**
 * A user-mode network: the switch between its endpoints, ARP responder, router/NAT to host
 * sockets and DNS at the gateway. Each instance is isolated from every other.
 */
export class UserNetwork {
  private readonly cidr: Cidr;
  private readonly gw: number;
  private readonly gwMac: Uint8Array;
  private readonly gwMacKey: number;
  readonly mtu: number;
  private readonly internal: boolean;
  private readonly hostLoopback: boolean;
  private readonly guests = new Map<string, Guest>();
  private readonly byMac = new Map<number, Guest>();
  private readonly byIp = new Map<number, Guest>();
  private readonly dns: DnsForwarder;
  private readonly published = new Set<Published>();
  private readonly timer: ReturnType<typeof setInterval>;
  private ticks = 0;
  private acks: TcpFlow[] = [];
  private closed = false;
  private readonly env: TcpEnv;

  constructor(readonly opts: UserNetworkOptions) {
    this.cidr = parseCidr(opts.subnet);
    this.gw = parseIp(opts.gateway, "gateway");
    if (!inCidr(this.cidr, this.gw)) throw new InvalidArgument(`gateway ${opts.gateway} is not in subnet ${opts.subnet}`);
    this.gwMac = new Uint8Array([0x02, 0x42, this.gw >>> 24, (this.gw >>> 16) & 255, (this.gw >>> 8) & 255, this.gw & 255]);
    this.gwMacKey = macKey(this.gwMac, 0);
    this.mtu = opts.mtu ?? DEFAULT_MTU;
    if (this.mtu < 576 || this.mtu > 65520) throw new InvalidArgument(`invalid MTU ${this.mtu}: it must be between 576 and 65520`);
    this.internal = opts.internal ?? false;
    this.hostLoopback = (opts.hostLoopback ?? true) && !this.internal;
    this.dns = new DnsForwarder({
      servers: opts.dns.servers,
      resolveNames: opts.dns.resolveNames,
      internal: this.internal,
      search: opts.dns.search,
      lookup: (name) => this.lookup(name),
    });
    this.env = {
      gwMac: this.gwMac,
      mss: this.mtu - 40,
      ackSoon: (flow) => this.ackSoon(flow),
      forget: (flow) => {
        if (flow.guest.tcp.get(flow.key) === flow) flow.guest.tcp.delete(flow.key);
      },
      now: () => this.ticks,
    };
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref?.();
  }

  /** The gateway's MAC address (what endpoints' ARP for the gateway learns). */
  get gatewayMac(): string {
    return [...this.gwMac].map((b) => b.toString(16).padStart(2, "0")).join(":");
  }

  attach(endpoint: Endpoint, link: FrameLink): void {
    if (this.closed) throw new Conflict("network is closed");
    const ip = parseIp(endpoint.ip, "endpoint");
    const mac = parseMac(endpoint.mac);
    const key = macKey(mac, 0);
    // A restarted container, or a new one given a removed one's address, ends the old one's release.
    for (const old of [...this.guests.values()]) if (old.leaving && (old.id === endpoint.id || old.ip === ip || old.macKey === key)) this.detach(old.id);
    if (this.guests.has(endpoint.id)) throw new Conflict(`endpoint ${endpoint.id} is already attached`);
    if (!inCidr(this.cidr, ip)) throw new InvalidArgument(`address ${endpoint.ip} is not in subnet ${this.opts.subnet}`);
    if (ip === this.gw || this.byIp.has(ip)) throw new Conflict(`Address already in use: ${endpoint.ip}`);
    if (key === this.gwMacKey || this.byMac.has(key)) throw new Conflict(`MAC address already in use: ${endpoint.mac}`);
    const g: Guest = {
      id: endpoint.id,
      ip,
      mac,
      macKey: key,
      names: endpoint.names.map((n) => n.toLowerCase()),
      link: link as FastFrameLink,
      tcp: new Map(),
      udp: new Map(),
      blocked: new Set(),
      floodBudget: FLOOD_PER_TICK,
      attached: true,
      leaving: false,
      framesIn: 0,
    };
    this.guests.set(g.id, g);
    this.byMac.set(key, g);
    this.byIp.set(ip, g);
    link.onFrame((f) => {
      if (!g.attached) return;
      g.framesIn++;
      try {
        this.input(g, f);
      } catch (err) {
        log.debug(`net: frame from ${g.id} dropped: ${(err as Error).message}`);
      }
    });
    link.onClose(() => {
      if (this.guests.get(g.id) === g) this.detach(g.id);
    });
    g.link.onWritable?.(() => {
      const flows = [...g.blocked];
      g.blocked.clear();
      for (const f of flows) f.resumeOutput();
    });
  }

  /**
   * The endpoint's container has exited, but its kernel may still be sending: sockets its
   * processes wrote to and closed finish on their own, after the processes are gone (the monitor
   * relays frames until the link closes). The endpoint stays attached, no longer found by name,
   * until every TCP flow has nothing more from the guest and the link has been quiet for a
   * moment (guestDrained); then it is detached. Resolves when it is.
   */
  async release(endpointId: string, limits: DrainLimits = {}): Promise<void> {
    const g = this.guests.get(endpointId);
    if (!g) return;
    g.leaving = true;
    await guestDrained(g, limits);
    if (this.guests.get(endpointId) === g) this.detach(endpointId);
  }

  detach(endpointId: string): void {
    const g = this.guests.get(endpointId);
    if (!g) return;
    g.attached = false;
    g.wake?.();
    this.guests.delete(endpointId);
    this.byMac.delete(g.macKey);
    this.byIp.delete(g.ip);
    // A flow the guest has finished ends cleanly; the others lose their peer: reset.
    for (const flow of [...g.tcp.values()]) flow.close(!flow.guestDone);
    for (const flow of g.udp.values()) flow.close();
    g.tcp.clear();
    g.udp.clear();
    g.link.close();
  }

  async publish(endpointId: string, p: PublishSpec): Promise<Published> {
    if (!this.guests.has(endpointId)) throw new InvalidArgument(`endpoint ${endpointId} is not attached to this network`);
    const pub = await publishPort(p, {
      tcp: (sock, clientIp, clientPort) => this.inboundTcp(endpointId, p.containerPort, sock, clientIp, clientPort),
      udp: (clientIp, clientPort, reply) => this.inboundUdp(endpointId, p.containerPort, clientIp, clientPort, reply),
    });
    const entry: Published = {
      hostPort: pub.hostPort,
      close: () => {
        this.published.delete(entry);
        pub.close();
      },
    };
    this.published.add(entry);
    return entry;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const p of [...this.published]) p.close();
    for (const id of [...this.guests.keys()]) this.detach(id);
    this.dns.close();
  }

  // ---- the switch ----

  private input(g: Guest, f: Uint8Array): void {
    if (f.length < 14) return;
    if (macKey(f, 6) !== g.macKey) return; // a forged source address
    const type = get16(f, 12);
    if (f[0]! & 1) {
      // Broadcast or multicast: ARP we answer ourselves (we know every address); the rest is
      // flooded to the other endpoints within a budget so that a flood cannot drown them.
      if (type === ETHERTYPE_ARP) return this.arp(g, f);
      if (g.floodBudget <= 0) return;
      g.floodBudget--;
      for (const other of this.guests.values()) if (other !== g) other.link.send(f);
      return;
    }
    const dst = macKey(f, 0);
    if (dst === this.gwMacKey) {
      if (type === ETHERTYPE_IPV4) this.ipv4(g, f);
      else if (type === ETHERTYPE_ARP) this.arp(g, f);
      return;
    }
    const peer = this.byMac.get(dst);
    if (peer && peer !== g) peer.link.send(f);
  }

  private arp(g: Guest, f: Uint8Array): void {
    if (f.length < 42) return;
    // Ethernet/IPv4 request only.
    if (get16(f, 14) !== 1 || get16(f, 16) !== ETHERTYPE_IPV4 || f[18] !== 6 || f[19] !== 4 || get16(f, 20) !== 1) return;
    const target = get32(f, 38);
    if (target === this.gw) return arpReply(g, f, this.gwMac);
    const peer = this.byIp.get(target);
    if (peer && peer !== g) arpReply(g, f, peer.mac);
  }

  private ipv4(g: Guest, f: Uint8Array): void {
    const ip = parseIpv4(f);
    if (!ip || ip.src !== g.ip) return;
    if (ip.proto === PROTO_TCP) {
      if (ip.l4len >= 20 && l4ChecksumOk(f, ip)) this.tcp(g, f, ip);
    } else if (ip.proto === PROTO_UDP) {
      if (ip.l4len >= 8 && (get16(f, ip.l4 + 6) === 0 || l4ChecksumOk(f, ip))) this.udp(g, f, ip);
    } else if (ip.proto === PROTO_ICMP) {
      if (ip.l4len >= 8 && onesSum(f, ip.l4, ip.l4len) === 0xffff) this.icmp(g, f, ip);
    }
  }

  /** Where a guest's flow to (dst, port) goes on the host, or how it is refused. */
  private target(dst: number, port: number, proto: number): { host: string; port: number } | "reset" | "unreachable" {
    if (dst === this.gw) {
      if (port === 53) {
        const up = proto === PROTO_TCP ? this.dns.tcpUpstream() : undefined;
        return up ?? "reset";
      }
      return this.hostLoopback ? { host: "127.0.0.1", port } : "reset";
    }
    if (this.internal) return "unreachable";
    const first = dst >>> 24;
    // Own subnet (peers are reached through the switch), loopback, multicast, broadcast, "this network".
    if (inCidr(this.cidr, dst) || first === 127 || first === 0 || first >= 224) return "unreachable";
    return { host: numberToIp(dst), port };
  }

  private tcp(g: Guest, f: Uint8Array, ip: Ipv4): void {
    const t = ip.l4;
    const sport = get16(f, t);
    const dport = get16(f, t + 2);
    const key = flowKey(sport, ip.dst, dport);
    const flow = g.tcp.get(key);
    if (flow) return flow.segment(f, t, ip.l4len);
    const flags = f[t + 13]!;
    if ((flags & (SYN | ACK)) !== SYN) return resetFor(g, this.gwMac, f, ip);
    const to = this.target(ip.dst, dport, PROTO_TCP);
    if (to === "reset" || g.tcp.size >= MAX_TCP_FLOWS) return resetFor(g, this.gwMac, f, ip);
    if (to === "unreachable") return unreachable(g, this.gwMac, this.gw, f, ip, UNREACH_ADMIN);
    const doff = (f[t + 12]! >>> 4) * 4;
    if (doff < 20 || doff > ip.l4len) return;
    const nf = new TcpFlow(this.env, g, sport, ip.dst, dport, false);
    nf.key = key;
    g.tcp.set(key, nf);
    nf.acceptSyn(f, t, doff, to.host, to.port);
  }

  private udp(g: Guest, f: Uint8Array, ip: Ipv4): void {
    const t = ip.l4;
    const sport = get16(f, t);
    const dport = get16(f, t + 2);
    const ulen = get16(f, t + 4);
    if (ulen < 8 || ulen > ip.l4len) return;
    const payload = f.subarray(t + 8, t + ulen);
    if (ip.dst === this.gw && dport === 53) {
      this.dns.query(payload, (answer) => {
        if (g.attached) sendUdp(g, this.gwMac, this.gw, 53, sport, answer, this.mtu);
      }, g.id);
      return;
    }
    const key = flowKey(sport, ip.dst, dport);
    let flow = g.udp.get(key);
    if (!flow) {
      const to = this.target(ip.dst, dport, PROTO_UDP);
      if (to === "reset") return unreachable(g, this.gwMac, this.gw, f, ip, UNREACH_PORT);
      if (to === "unreachable") return unreachable(g, this.gwMac, this.gw, f, ip, UNREACH_ADMIN);
      if (g.udp.size >= MAX_UDP_FLOWS) return;
      flow = new UdpFlow(g, this.gwMac, sport, ip.dst, dport, this.ticks, this.mtu);
      flow.key = key;
      g.udp.set(key, flow);
      flow.connect(to.host, to.port);
    }
    flow.fromGuest(payload, this.ticks);
  }

  private icmp(g: Guest, f: Uint8Array, ip: Ipv4): void {
    // Echo to the gateway is answered here. Echo to the outside would need a host ping socket
    // (ICMP datagram socket), which the host grants only within net.ipv4.ping_group_range;
    // without it the request goes unanswered, as with slirp4netns on such a host.
    if (f[ip.l4] === 8 && f[ip.l4 + 1] === 0 && ip.dst === this.gw) echoReply(g, this.gwMac, f, ip);
  }

  // ---- published ports ----

  /** The guest-facing address of a host client: loopback clients appear as the gateway. */
  private shownAs(clientIp: number | undefined): number {
    if (clientIp === undefined || clientIp >>> 24 === 127) return this.gw;
    return clientIp;
  }

  private inboundTcp(endpointId: string, containerPort: number, sock: import("bun").Socket<TcpFlow>, clientIp: number | undefined, clientPort: number): void {
    const g = this.guests.get(endpointId);
    const remote = this.shownAs(clientIp);
    const key = flowKey(containerPort, remote, clientPort);
    if (!g || g.tcp.has(key) || g.tcp.size >= MAX_TCP_FLOWS) {
      sock.terminate();
      return;
    }
    const flow = new TcpFlow(this.env, g, containerPort, remote, clientPort, true);
    flow.key = key;
    g.tcp.set(key, flow);
    sock.data = flow;
    flow.startInbound(sock);
  }

  private inboundUdp(endpointId: string, containerPort: number, clientIp: number | undefined, clientPort: number, reply: (p: Uint8Array) => void): UdpFlow | undefined {
    const g = this.guests.get(endpointId);
    if (!g) return undefined;
    const remote = this.shownAs(clientIp);
    const key = flowKey(containerPort, remote, clientPort);
    let flow = g.udp.get(key);
    if (!flow) {
      if (g.udp.size >= MAX_UDP_FLOWS) return undefined;
      flow = new UdpFlow(g, this.gwMac, containerPort, remote, clientPort, this.ticks, this.mtu, reply);
      flow.key = key;
      g.udp.set(key, flow);
    }
    flow.lastUsed = this.ticks;
    return flow;
  }

  // ---- names, acknowledgements, timers ----

  private lookup(name: string): number[] | undefined {
    const found: number[] = [];
    for (const g of this.guests.values()) if (!g.leaving && g.names.includes(name)) found.push(g.ip);
    return found.length > 0 ? found : undefined;
  }

  private ackSoon(flow: TcpFlow): void {
    this.acks.push(flow);
    if (this.acks.length === 1) queueMicrotask(() => this.flushAcks());
  }

  private flushAcks(): void {
    const list = this.acks;
    this.acks = [];
    for (const flow of list) if (flow.ackDue) flow.sendAck();
  }

  private tick(): void {
    const now = ++this.ticks;
    const udpIdle = (UDP_IDLE_SECONDS * 1000) / TICK_MS;
    for (const g of this.guests.values()) {
      g.floodBudget = FLOOD_PER_TICK;
      for (const flow of g.tcp.values()) flow.timer(now);
      for (const [key, flow] of g.udp) {
        if (now - flow.lastUsed > udpIdle) {
          flow.close();
          g.udp.delete(key);
        }
      }
    }
  }
}
