import type { udp } from "bun";
import type { Guest } from "./guest.ts";
import { L4_OFF, PROTO_UDP, ipFrame, put16, setL4Checksum } from "./packet.ts";

/** Idle UDP flows are forgotten after this many seconds (conntrack's stream timeout is 120). */
export const UDP_IDLE_SECONDS = 60;
const MAX_QUEUED = 64;

/**
 * One guest UDP conversation (guest port ↔ remote address and port). Outbound flows own a
 * connected host socket; flows of a published port reply through the published socket.
 */
export class UdpFlow {
  lastUsed: number;
  private sock: udp.ConnectedSocket<"buffer"> | undefined;
  private queue: Uint8Array[] | undefined;
  private closed = false;
  key = "";

  constructor(
    readonly guest: Guest,
    readonly gwMac: Uint8Array,
    readonly guestPort: number,
    readonly remoteIp: number,
    readonly remotePort: number,
    now: number,
    private readonly mtu: number,
    /** For published ports: how replies reach the client. */
    private readonly replyTo?: (payload: Uint8Array) => void,
  ) {
    this.lastUsed = now;
  }

  /** Opens the host socket of an outbound flow. */
  connect(host: string, port: number): void {
    this.queue = [];
    Bun.udpSocket({
      binaryType: "buffer",
      connect: { hostname: host, port },
      socket: {
        data: (_s, data) => this.toGuest(data),
        error: () => {},
      },
    }).then(
      (sock) => {
        if (this.closed) return sock.close();
        this.sock = sock;
        for (const p of this.queue ?? []) sock.send(p);
        this.queue = undefined;
      },
      () => this.close(),
    );
  }

  /** A datagram from the guest. */
  fromGuest(payload: Uint8Array, now: number): void {
    this.lastUsed = now;
    if (this.replyTo) return this.replyTo(payload);
    if (this.sock) {
      this.sock.send(payload);
    } else if (this.queue && this.queue.length < MAX_QUEUED) {
      this.queue.push(Uint8Array.prototype.slice.call(payload));
    }
  }

  /** A datagram for the guest (from the host socket or the published socket). */
  toGuest(data: Uint8Array): void {
    if (this.closed || !this.guest.attached) return;
    sendUdp(this.guest, this.gwMac, this.remoteIp, this.remotePort, this.guestPort, data, this.mtu);
  }

  close(): void {
    this.closed = true;
    this.sock?.close();
    this.sock = undefined;
    this.queue = undefined;
  }
}

/** Sends one UDP datagram to a guest; too large for the link (no fragmentation) is dropped. */
export function sendUdp(g: Guest, gwMac: Uint8Array, srcIp: number, srcPort: number, dstPort: number, data: Uint8Array, mtu: number): void {
  if (data.length + 28 > mtu) return;
  const l4len = 8 + data.length;
  const f = ipFrame(g.link, g.mac, gwMac, srcIp, g.ip, PROTO_UDP, l4len);
  put16(f, L4_OFF, srcPort);
  put16(f, L4_OFF + 2, dstPort);
  put16(f, L4_OFF + 4, l4len);
  f.set(data, L4_OFF + 8);
  setL4Checksum(f, PROTO_UDP, srcIp, g.ip, l4len, 6);
  g.link.send(f);
}
