import type { Socket } from "bun";
import { Errno, HostReader, type ReadHandle, setSocketBuffers } from "../sys/index.ts";
import { readRoom, takeRead } from "./recv-slabs.ts";
import type { Guest } from "./guest.ts";
import { HostWriter } from "./host-writer.ts";
import { ACK, CONNECT_TICKS, FIN, HANDSHAKE_TRIES, OUR_WSCALE, PSH, RCV_WND, RST, RTO_TICKS, SYN, type State, type TcpEnv, UNSENT_HIGH, seqLt } from "./tcp-env.ts";
import { SendQueue } from "./send-queue.ts";
import { tcpHandlers } from "./tcp-handlers.ts";
import { readSynOptions, writeSynOptions } from "./tcp-options.ts";
import { L4_OFF, PROTO_TCP, get16, get32, ipFrame, put16, put32, setL4Checksum, setPartialL4Checksum } from "./packet.ts";

/**
 * One guest TCP connection mapped onto one host socket (pasta-style). The guest side is a lean TCP
 * peer: what the guest sends goes straight into the host socket and is acknowledged at once; what
 * the host socket cannot take yet waits (HostWriter) and shrinks the window we advertise, so the
 * guest slows down and nothing is dropped. What the host sends is cut into segments within the
 * guest's window; the host socket is paused while too much waits. Sent data stays referenced
 * (no copy) until the guest acknowledges it, for the rare retransmission (a full TAP queue).
 */

/** Bytes one readiness report may read before the flow lets others run. */
const READ_BUDGET = 4 << 20;

/** Host socket buffers: up to net.core.rmem_max/wmem_max (4 MiB on Debian). */
const HOST_SOCKET_BUFFER = 4 << 20;

/**
 * Large fixed buffers on a flow's host socket: the event loop reads and writes it in bursts
 * between frames, and the kernel's autotuning, which starts small, keeps the peer waiting
 * (bench/net in: about a quarter faster). A refusal only costs speed.
 */
function largeBuffers(sock: Socket<TcpFlow>): void {
  const fd = socketFd(sock);
  if (fd === undefined) return;
  try {
    setSocketBuffers(fd, HOST_SOCKET_BUFFER, HOST_SOCKET_BUFFER);
  } catch {
    // keep the kernel's
  }
}

/** The fd under a Bun socket (not in its types), when it has one. */
function socketFd(sock: Socket<TcpFlow>): number | undefined {
  const fd = (sock as unknown as { fd?: number }).fd;
  return typeof fd === "number" && fd >= 0 ? fd : undefined;
}

export class TcpFlow {
  state: State;
  sock: Socket<TcpFlow> | undefined;
  key = "";
  // Towards the guest.
  private iss = (Math.random() * 0x100000000) >>> 0;
  private sndUna = this.iss;
  private sndNxt = this.iss;
  private sndWnd = 0;
  private guestWscale = 0;
  private ourWscale = 0;
  private sendMss = 536;
  private readonly q = new SendQueue();
  private hostEof = false;
  private finSent = false;
  private finAcked = false;
  /** Host reads are held back (too much waits unsent, or the guest is not connected yet). */
  private sockPaused = false;
  /** Host data is read by the host-socket reader into our slabs (else by Bun). */
  private reader: ReadHandle | undefined;
  private readArmed = false;
  private lastProgress = 0;
  private dupAcks = 0;
  private tries = 0;
  // From the guest.
  private rcvNxt = 0;
  private readonly toHostQ = new HostWriter();
  private guestFin = false;
  private hostWriteShut = false;
  private lastAdvertised = RCV_WND;
  ackDue = false;

  constructor(
    readonly env: TcpEnv,
    readonly guest: Guest,
    readonly guestPort: number,
    readonly remoteIp: number,
    readonly remotePort: number,
    inbound: boolean,
  ) {
    this.state = inbound ? "syn-sent" : "connecting";
    this.lastProgress = env.now();
  }

  // ---- guest-initiated (outbound) ----

  /** The guest's SYN: remember its options, connect the host socket; SYN-ACK once connected. */
  acceptSyn(f: Uint8Array, tcp: number, doff: number, host: string, port: number): void {
    this.rcvNxt = (get32(f, tcp + 4) + 1) >>> 0;
    this.sndWnd = get16(f, tcp + 14);
    this.readOptions(f, tcp, doff);
    Bun.connect<TcpFlow>({ hostname: host, port, allowHalfOpen: true, data: this, socket: tcpHandlers }).catch(() => {});
  }

  hostConnected(sock: Socket<TcpFlow>): void {
    this.sock = sock;
    largeBuffers(sock);
    if (this.state === "closed") {
      sock.terminate();
      return;
    }
    this.readHere(sock);
    this.armRead();
    sock.setNoDelay(true);
    this.state = "syn-rcvd";
    this.tries = 0;
    this.lastProgress = this.env.now();
    this.sendSyn();
  }

  // ---- host-initiated (published port) ----

  /** A host client connected to a published port: open the connection into the guest. */
  startInbound(sock: Socket<TcpFlow>): void {
    this.sock = sock;
    largeBuffers(sock);
    sock.pause();
    this.sockPaused = true;
    this.readHere(sock);
    this.sendSyn();
  }

  /**
   * Reads the host socket through the host-socket reader from now on: Bun's reads stay paused
   * for good, and flow control arms (or does not arm) the reader. Where it cannot start, Bun reads.
   */
  private readHere(sock: Socket<TcpFlow>): void {
    const fd = socketFd(sock);
    if (fd === undefined) return;
    try {
      this.reader = HostReader.get().watch(fd, () => this.hostReadable());
    } catch {
      return;
    }
    sock.pause();
  }

  private armRead(): void {
    if (!this.reader || this.readArmed || this.sockPaused || this.hostEof || this.state === "closed") return;
    this.readArmed = true;
    this.reader.arm();
  }

  /** The reader says the host socket has data, has ended or failed: read it (within a budget). */
  private hostReadable(): void {
    this.readArmed = false;
    const r = this.reader;
    if (!r) return;
    let budget = READ_BUDGET;
    while (budget > 0 && !this.sockPaused && this.state !== "closed") {
      const room = readRoom();
      const n = r.recv(room.slab.buf, room.off, room.len);
      if (n > 0) {
        const { chunk, release } = takeRead(room.slab, room.off, n);
        budget -= n;
        this.hostData(chunk, release);
        continue;
      }
      if (n === 0) return this.hostEnd();
      if (n === -Errno.EAGAIN) break;
      return this.hostFailed(); // reset or another error of the host socket
    }
    this.armRead();
  }

  private sendSyn(): void {
    const synAck = this.state === "syn-rcvd";
    const ws = !synAck || this.ourWscale !== 0 ? OUR_WSCALE : undefined;
    const optLen = ws === undefined ? 4 : 8;
    const f = this.header(synAck ? SYN | ACK : SYN, this.iss, 0, optLen);
    writeSynOptions(f, L4_OFF + 20, this.env.mss, ws);
    this.emit(f, 20 + optLen);
    this.sndNxt = (this.iss + 1) >>> 0;
  }

  private readOptions(f: Uint8Array, tcp: number, doff: number): void {
    const { mss, wscale } = readSynOptions(f, tcp, doff);
    this.sendMss = Math.max(64, Math.min(mss, this.env.mss));
    // Scaling only when both sides offer it (RFC 7323): else neither scales.
    this.guestWscale = wscale ?? 0;
    this.ourWscale = wscale === undefined ? 0 : OUR_WSCALE;
  }

  // ---- segments from the guest ----

  segment(f: Uint8Array, tcp: number, tcpLen: number): void {
    const flags = f[tcp + 13]!;
    const doff = (f[tcp + 12]! >>> 4) * 4;
    if (doff < 20 || doff > tcpLen) return;
    const seq = get32(f, tcp + 4);
    if (flags & RST) {
      // Accept a reset only at the edge we expect (RFC 5961 in spirit): blind resets are ignored.
      if (this.state === "syn-sent" || seq === this.rcvNxt || this.state === "connecting") this.abort(false);
      return;
    }
    if (this.state === "syn-sent") {
      if ((flags & (SYN | ACK)) === (SYN | ACK) && get32(f, tcp + 8) === ((this.iss + 1) >>> 0)) {
        this.rcvNxt = (seq + 1) >>> 0;
        this.readOptions(f, tcp, doff);
        this.sndUna = this.sndNxt;
        this.sndWnd = get16(f, tcp + 14); // never scaled in a SYN
        this.established();
        this.sendAck();
      }
      return;
    }
    if (this.state === "connecting") return; // a retransmitted SYN while the host connect runs
    if (flags & SYN) {
      if (this.state === "syn-rcvd") this.sendSyn(); // our SYN-ACK was lost
      else this.ackSoon();
      return;
    }
    if (!(flags & ACK)) return;
    const ack = get32(f, tcp + 8);
    const wnd = get16(f, tcp + 14) << this.guestWscale;
    if (this.state === "syn-rcvd") {
      if (ack !== ((this.iss + 1) >>> 0)) return;
      this.sndUna = ack;
      this.sndWnd = wnd;
      this.established();
    }
    const dataLen = tcpLen - doff;
    this.onAck(ack, wnd, dataLen === 0 && !(flags & FIN));
    if (dataLen > 0 || flags & FIN) this.onData(f, tcp + doff, dataLen, seq, (flags & FIN) !== 0);
    this.pushOut();
    this.maybeDone();
  }

  private established(): void {
    this.state = "established";
    this.lastProgress = this.env.now();
    if (this.sockPaused && this.sock) this.resumeHost();
  }

  private onAck(ack: number, wnd: number, pureAck: boolean): void {
    const inflight = (this.sndNxt - this.sndUna) >>> 0;
    const acked = (ack - this.sndUna) >>> 0;
    if (acked > 0 && acked <= inflight) {
      this.q.ack(acked);
      this.sndUna = ack;
      if (this.finSent && ack === this.sndNxt) this.finAcked = true;
      this.dupAcks = 0;
      this.lastProgress = this.env.now();
    } else if (acked === 0 && pureAck && inflight > 0 && wnd === this.sndWnd) {
      if (++this.dupAcks === 3) this.goBack();
    }
    this.sndWnd = wnd;
  }

  private onData(f: Uint8Array, off: number, len: number, seq: number, fin: boolean): void {
    if (seq !== this.rcvNxt) {
      const behind = (this.rcvNxt - seq) >>> 0;
      if (seqLt(seq, this.rcvNxt) && behind < len + (fin ? 1 : 0)) {
        off += behind; // overlaps what we have: keep the new part
        len -= Math.min(behind, len);
      } else {
        this.ackSoon(); // out of order or a duplicate: say where we are
        return;
      }
    }
    if (this.guestFin) return;
    if (len > 0) {
      // A guest that ignores our window gets no further: nothing beyond it is accepted.
      if (this.toHostQ.bytes + len > RCV_WND + this.env.mss) {
        this.ackSoon();
        return;
      }
      this.toHost(f.subarray(off, off + len));
      this.rcvNxt = (this.rcvNxt + len) >>> 0;
    }
    if (fin) {
      this.rcvNxt = (this.rcvNxt + 1) >>> 0;
      this.guestFin = true;
      if (this.toHostQ.bytes === 0) this.shutHostWrite();
    }
    this.ackSoon();
  }

  private toHost(data: Uint8Array): void {
    const sock = this.sock;
    if (!sock) return this.abort(true); // the host side is gone: data has nowhere to go
    this.toHostQ.write(sock as Socket<unknown>, data);
  }

  private shutHostWrite(): void {
    if (this.hostWriteShut) return;
    this.hostWriteShut = true;
    this.sock?.shutdown();
  }

  /** The host socket can take more: write what waits, reopen the window. */
  hostDrain(): void {
    const sock = this.sock;
    if (!sock) return;
    this.toHostQ.drain(sock as Socket<unknown>);
    if (this.toHostQ.bytes === 0 && this.guestFin) this.shutHostWrite();
    if (this.lastAdvertised < RCV_WND / 2 && this.window() >= RCV_WND / 2) this.sendAck();
    this.maybeDone();
  }

  // ---- host data towards the guest ----

  hostData(chunk: Uint8Array, release?: () => void): void {
    if (this.guestGone()) return;
    this.q.push(chunk, release);
    this.pushOut();
    if (!this.sockPaused && this.unsent() > UNSENT_HIGH) this.pauseHost();
  }

  /** Host data not sent to the guest yet. */
  private unsent(): number {
    return this.q.bytes - ((this.sndNxt - this.sndUna) >>> 0);
  }

  private pauseHost(): void {
    this.sockPaused = true;
    if (!this.reader) this.sock?.pause();
  }

  private resumeHost(): void {
    this.sockPaused = false;
    if (this.reader) this.armRead();
    else this.sock?.resume();
  }

  hostEnd(): void {
    this.hostEof = true;
    this.pushOut();
    this.maybeDone();
  }

  /** Called again when the guest's link takes frames after being congested. */
  resumeOutput(): void {
    this.pushOut();
  }

  private pushOut(): void {
    if (this.state !== "established") return;
    const link = this.guest.link;
    const mss = this.sendMss;
    for (;;) {
      const inflight = (this.sndNxt - this.sndUna) >>> 0;
      const unsent = this.q.bytes - inflight + (this.finSent && !this.finAcked ? 1 : 0);
      if (unsent <= 0) break;
      const room = this.sndWnd - inflight;
      if (room <= 0) break;
      if (link.congested?.()) {
        this.guest.blocked.add(this);
        break;
      }
      const len = Math.min(unsent, room, mss);
      const flags = ACK | (len === unsent ? PSH : 0);
      if (link.sendParts) {
        // Headers only; the payload goes as views of the host's chunks, summed by the guest's kernel.
        const f = this.header(flags, this.sndNxt, len, 0, true);
        setPartialL4Checksum(f, PROTO_TCP, this.remoteIp, this.guest.ip, 20 + len, 16);
        this.ackDue = false;
        link.sendParts(f, this.q.views(len), L4_OFF, 16);
      } else {
        const f = this.header(flags, this.sndNxt, len, 0);
        this.q.take(f, L4_OFF + 20, len);
        this.emit(f, 20 + len);
      }
      this.sndNxt = (this.sndNxt + len) >>> 0;
    }
    if (this.hostEof && !this.finSent && this.unsent() === 0) {
      const f = this.header(FIN | ACK, this.sndNxt, 0, 0);
      this.emit(f, 20);
      this.sndNxt = (this.sndNxt + 1) >>> 0;
      this.finSent = true;
    }
    if (this.sockPaused && this.state === "established" && this.unsent() < UNSENT_HIGH / 2) this.resumeHost();
  }

  /** Retransmit from the oldest unacknowledged byte (go-back-N; rare on a lossless link). */
  private goBack(): void {
    this.sndNxt = this.sndUna;
    this.q.rewind();
    if (this.finSent && !this.finAcked) this.finSent = false;
    this.dupAcks = 0;
    this.lastProgress = this.env.now();
    this.pushOut();
  }

  /** Periodic work: handshake retries, retransmission, zero-window probes. */
  timer(now: number): void {
    if (this.state === "connecting") {
      if (now - this.lastProgress > CONNECT_TICKS) this.hostFailed();
      return;
    }
    if (now - this.lastProgress < RTO_TICKS) return;
    this.lastProgress = now;
    // Frames still queued towards the guest are late, not lost: the clock starts again.
    if (this.state === "established" && this.guest.link.backlogged?.()) return;
    if (this.state === "syn-sent" || this.state === "syn-rcvd") {
      if (++this.tries > HANDSHAKE_TRIES) return this.abort(this.state === "syn-rcvd");
      this.sendSyn();
      return;
    }
    if (this.state !== "established") return;
    if (this.sndNxt !== this.sndUna) this.goBack();
    else if (this.q.bytes > 0 && this.sndWnd === 0) {
      // Zero window: an ACK one below what we sent makes the guest say its window again.
      this.emit(this.header(ACK, (this.sndNxt - 1) >>> 0, 0, 0), 20);
    }
  }

  // ---- output ----

  private window(): number {
    return Math.max(0, RCV_WND - this.toHostQ.bytes);
  }

  private ackSoon(): void {
    if (this.ackDue) return;
    this.ackDue = true;
    this.env.ackSoon(this);
  }

  sendAck(): void {
    if (this.state === "closed" || this.state === "connecting") return;
    this.emit(this.header(ACK, this.sndNxt, 0, 0), 20);
  }

  /** A segment's frame with its headers filled; `headOnly`: room for the headers alone (sendParts). */
  private header(flags: number, seq: number, payload: number, optLen: number, headOnly = false): Uint8Array {
    const l4len = 20 + optLen + payload;
    const g = this.guest;
    const f = ipFrame(g.link, g.mac, this.env.gwMac, this.remoteIp, g.ip, PROTO_TCP, l4len, headOnly ? 20 + optLen : l4len);
    const t = L4_OFF;
    put16(f, t, this.remotePort);
    put16(f, t + 2, this.guestPort);
    put32(f, t + 4, seq);
    put32(f, t + 8, flags & ACK ? this.rcvNxt : 0);
    f[t + 12] = ((20 + optLen) / 4) << 4;
    f[t + 13] = flags;
    const wnd = this.window();
    this.lastAdvertised = wnd;
    put16(f, t + 14, flags & SYN ? Math.min(wnd, 0xffff) : Math.min(wnd >>> this.ourWscale, 0xffff));
    f[t + 18] = 0;
    f[t + 19] = 0;
    return f;
  }

  private emit(f: Uint8Array, l4len: number): void {
    setL4Checksum(f, PROTO_TCP, this.remoteIp, this.guest.ip, l4len, 16);
    if (f[L4_OFF + 13]! & ACK) this.ackDue = false;
    this.guest.link.send(f);
  }

  private sendRst(): void {
    const f = this.header(RST | ACK, this.sndNxt, 0, 0);
    this.emit(f, 20);
  }

  // ---- endings ----

  private guestGone(): boolean {
    if (this.guest.attached) return false;
    this.abort(false);
    return true;
  }

  /** Nothing more to carry from the guest: it sent its FIN and the host socket took every byte before it. */
  get guestDone(): boolean {
    return this.state === "closed" || (this.guestFin && this.toHostQ.bytes === 0);
  }

  /** Host connect failed or the host reset: reset the guest's side. */
  hostFailed(): void {
    if (this.state === "closed") return;
    if (this.state !== "syn-sent") this.sendRst();
    this.close(true);
  }

  /** The host socket closed: with an error the guest is reset, else it is the end of the host side. */
  hostClosed(error: boolean): void {
    this.sock = undefined;
    this.hostWriteShut = true;
    if (this.state === "closed") return;
    // Bun closes its fd when the socket has hung up both ways; what the host sent last may
    // still wait unread on the reader's own fd, which ends the flow when it finds the end.
    if (this.reader && !error && this.state === "established" && this.toHostQ.bytes === 0 && !this.hostEof) return this.maybeDone();
    if (error || this.state !== "established" || this.toHostQ.bytes > 0) return this.hostFailed();
    this.hostEof = true;
    this.pushOut();
    this.maybeDone();
  }

  /** Tear down: `rstGuest` tells the guest, else the host is reset (when the guest reset). */
  abort(rstGuest: boolean): void {
    if (this.state === "closed") return;
    if (rstGuest) this.sendRst();
    this.close(true);
  }

  private maybeDone(): void {
    if (this.state !== "established") return;
    if (this.guestFin && this.hostWriteShut && this.finAcked && this.toHostQ.bytes === 0) {
      if (this.ackDue) this.sendAck();
      this.close(false);
    }
  }

  close(reset: boolean): void {
    if (this.state === "closed") return;
    this.state = "closed";
    // The reader's fd first: the socket ends (FIN, or RST for a reset) when Bun's fd closes last.
    this.reader?.close();
    this.reader = undefined;
    const sock = this.sock;
    this.sock = undefined;
    if (sock) {
      if (reset) sock.terminate();
      else sock.end();
    }
    this.q.clear();
    this.toHostQ.clear();
    this.env.forget(this);
  }
}
