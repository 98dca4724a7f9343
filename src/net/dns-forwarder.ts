import type { udp } from "bun";
import * as dnsPacket from "dns-packet";
import { log } from "../lib/index.ts";
import { numberToIp } from "./addr.ts";

const RCODE_SERVFAIL = 2;

const RCODE_REFUSED = 5;
const TRY_MS = 2000;
const MAX_OUTSTANDING = 4096;
/** Queries one endpoint may have in flight: a flood from one cannot starve the others. */
const MAX_PER_OWNER = 256;
/** TTL of answers for endpoint names (Docker's embedded DNS uses 600). */
const NAME_TTL = 600;

export interface DnsForwarderOptions {
  /** Upstream resolvers, "ip" or "ip:port". */
  servers: string[];
  resolveNames: boolean;
  /** Answer names only; never forward. */
  internal: boolean;
  /** Search domains whose suffix is stripped before matching endpoint names. */
  search?: string[];
  /** Addresses for a name (lower case, no trailing dot), or undefined when it is not ours. */
  lookup(name: string): number[] | undefined;
}

interface Outstanding {
  owner: string;
  reply: (msg: Uint8Array) => void;
  query: Buffer;
  origId: number;
  server: number;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The network's DNS at the gateway: endpoint names answered from the network (user networks),
 * everything else relayed to the host's resolvers with the query id remapped, a timeout per
 * server, and SERVFAIL when none answers.
 */
export class DnsForwarder {
  private sock: udp.Socket<"buffer"> | undefined;
  private opening: Promise<udp.Socket<"buffer">> | undefined;
  private outstanding = new Map<number, Outstanding>();
  private perOwner = new Map<string, number>();
  private nextId = (Math.random() * 0x10000) >>> 0;
  private servers: { host: string; port: number }[];
  private closed = false;

  constructor(private readonly opts: DnsForwarderOptions) {
    this.servers = opts.servers.map(parseServer).filter((s): s is { host: string; port: number } => s !== undefined);
  }

  /** Where TCP queries to the gateway go (the first resolver), if anywhere. */
  tcpUpstream(): { host: string; port: number } | undefined {
    return this.opts.internal ? undefined : this.servers[0];
  }

  /** One query from a guest (`owner`: the endpoint); `reply` gets the answer (at most once). */
  query(msg: Uint8Array, reply: (answer: Uint8Array) => void, owner = ""): void {
    const buf = Buffer.from(msg.buffer, msg.byteOffset, msg.length);
    let packet: dnsPacket.DecodedPacket;
    try {
      packet = dnsPacket.decode(buf);
    } catch {
      return; // not DNS: no answer, as a server would
    }
    if (packet.type !== "query") return;
    const q = packet.questions?.[0];
    if (q && packet.questions!.length === 1 && this.opts.resolveNames) {
      const ips = this.local(q.name);
      if (ips) return reply(this.answer(packet, q, ips));
    }
    if (this.opts.internal || this.servers.length === 0) return reply(this.fail(packet, this.opts.internal ? RCODE_REFUSED : RCODE_SERVFAIL));
    const mine = this.perOwner.get(owner) ?? 0;
    if (this.outstanding.size >= MAX_OUTSTANDING || mine >= MAX_PER_OWNER) return reply(this.fail(packet, RCODE_SERVFAIL));
    this.perOwner.set(owner, mine + 1);
    const id = this.allocId();
    const query = Buffer.from(buf); // our copy: the id is rewritten and it may be resent
    query.writeUInt16BE(id, 0);
    const o: Outstanding = { owner, reply, query, origId: packet.id ?? 0, server: 0, timer: setTimeout(() => this.retry(id, packet), TRY_MS) };
    this.outstanding.set(id, o);
    void this.send(o);
  }

  private local(name: string): number[] | undefined {
    const n = name.toLowerCase().replace(/\.$/, "");
    const direct = this.opts.lookup(n);
    if (direct) return direct;
    for (const s of this.opts.search ?? []) {
      const suffix = `.${s.toLowerCase().replace(/\.$/, "")}`;
      if (n.endsWith(suffix)) {
        const found = this.opts.lookup(n.slice(0, -suffix.length));
        if (found) return found;
      }
    }
    return undefined;
  }

  private answer(packet: dnsPacket.DecodedPacket, q: dnsPacket.Question, ips: number[]): Buffer {
    const answers: dnsPacket.Answer[] =
      q.type === "A" ? ips.map((ip) => ({ type: "A", name: q.name, ttl: NAME_TTL, class: "IN", data: numberToIp(ip) })) : [];
    return dnsPacket.encode({
      type: "response",
      id: packet.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | dnsPacket.AUTHORITATIVE_ANSWER,
      questions: [q],
      answers,
    });
  }

  private fail(packet: dnsPacket.DecodedPacket, rcode: number): Buffer {
    return dnsPacket.encode({
      type: "response",
      id: packet.id,
      flags: (packet.flag_rd ? dnsPacket.RECURSION_DESIRED : 0) | dnsPacket.RECURSION_AVAILABLE | rcode,
      questions: packet.questions,
    });
  }

  private allocId(): number {
    for (;;) {
      this.nextId = (this.nextId + 1) & 0xffff;
      if (!this.outstanding.has(this.nextId)) return this.nextId;
    }
  }

  private retry(id: number, packet: dnsPacket.DecodedPacket): void {
    const o = this.outstanding.get(id);
    if (!o) return;
    if (++o.server >= this.servers.length) {
      this.done(id, o);
      o.reply(this.fail(packet, RCODE_SERVFAIL));
      return;
    }
    o.timer = setTimeout(() => this.retry(id, packet), TRY_MS);
    void this.send(o);
  }

  private async send(o: Outstanding): Promise<void> {
    try {
      const sock = await this.socket();
      const s = this.servers[o.server]!;
      sock.send(o.query, s.port, s.host);
    } catch (err) {
      log.warn(`net: DNS forwarder: ${(err as Error).message}`);
    }
  }

  private socket(): Promise<udp.Socket<"buffer">> {
    if (this.sock) return Promise.resolve(this.sock);
    this.opening ??= Bun.udpSocket({
      binaryType: "buffer",
      socket: { data: (_s, data, port, addr) => this.response(data, port, addr), error: () => {} },
    }).then((s) => {
      if (this.closed) s.close();
      this.sock = s;
      return s;
    });
    return this.opening;
  }

  private response(data: Buffer, port: number, addr: string): void {
    if (data.length < 12) return;
    const id = data.readUInt16BE(0);
    const o = this.outstanding.get(id);
    if (!o) return;
    const s = this.servers[o.server]!;
    if (port !== s.port || addr.replace(/^::ffff:/, "") !== s.host) return; // not who we asked
    clearTimeout(o.timer);
    this.done(id, o);
    data.writeUInt16BE(o.origId, 0);
    o.reply(data);
  }

  private done(id: number, o: Outstanding): void {
    this.outstanding.delete(id);
    const left = (this.perOwner.get(o.owner) ?? 1) - 1;
    if (left > 0) this.perOwner.set(o.owner, left);
    else this.perOwner.delete(o.owner);
  }

  close(): void {
    this.closed = true;
    for (const o of this.outstanding.values()) clearTimeout(o.timer);
    this.outstanding.clear();
    this.sock?.close();
  }
}

/** "ip" or "ip:port" (IPv4), "[v6]:port" or a bare IPv6 address. */
function parseServer(s: string): { host: string; port: number } | undefined {
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (v6) return { host: v6[1]!, port: Number(v6[2] ?? 53) };
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(s);
  if (v4) return { host: v4[1]!, port: Number(v4[2] ?? 53) };
  if (s.includes(":")) return { host: s, port: 53 };
  return undefined;
}


