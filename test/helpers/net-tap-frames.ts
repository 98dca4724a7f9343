/**
 * TEST-ONLY: a client of a monitor's network socket ([u32 BE length][Ethernet frame] each way)
 * and the few frames a test gateway needs to write: ARP replies and ICMP echo replies.
 */
import { createConnection, type Socket } from "node:net";

/** A client of a network socket: collects whole frames, can send some. */
export class FrameClient {
  readonly frames: Buffer[] = [];
  /** The monitor's greeting (a zero length, carrying its TAP to clients that take fds) came first. */
  greeted = false;
  closed = false;
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  readonly ready: Promise<void>;

  constructor(path: string) {
    const sock = createConnection({ path });
    this.sock = sock;
    this.ready = new Promise((resolve, reject) => {
      sock.once("connect", () => resolve());
      sock.once("error", reject);
    });
    sock.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      while (this.buf.length >= 4) {
        const len = this.buf.readUInt32BE(0);
        if (this.buf.length < 4 + len) break;
        if (len === 0) this.greeted ||= this.frames.length === 0;
        else this.frames.push(this.buf.subarray(4, 4 + len));
        this.buf = this.buf.subarray(4 + len);
      }
      this.wake();
    });
    sock.on("close", () => {
      this.closed = true;
      this.wake();
    });
    sock.on("error", () => {});
  }
  private readonly sock: Socket;

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  send(frame: Buffer) {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(frame.length);
    this.sock.write(Buffer.concat([head, frame]));
  }

  /** Stop reading (the monitor's writes back up), or read again. */
  pause() {
    this.sock.pause();
  }

  resume() {
    this.sock.resume();
  }

  sendRaw(bytes: Buffer) {
    this.sock.write(bytes);
  }

  /** The first frame (from `from` on) that matches, or throws after timeoutMs. */
  async waitFor(match: (f: Buffer) => boolean, what: string, timeoutMs = 10000, from = 0): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const f = this.frames.slice(from).find(match);
      if (f) return f;
      if (this.closed) throw new Error(`socket closed before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms (got ${this.frames.length} frames)`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await Bun.sleep(20);
    return this.closed;
  }

  close() {
    this.sock.destroy();
  }
}

export const macOf = (s: string) => Buffer.from(s.split(":").map((h) => Number.parseInt(h, 16)));
export const ip = (s: string) => Buffer.from(s.split(".").map(Number));

export function isArpWhoHas(f: Buffer, target: string): boolean {
  return f.length >= 42 && f.readUInt16BE(12) === 0x0806 && f.readUInt16BE(20) === 1 && f.subarray(38, 42).equals(ip(target));
}

export function isEchoRequest(f: Buffer, dst: string): boolean {
  return f.length >= 42 && f.readUInt16BE(12) === 0x0800 && f[23] === 1 && f.subarray(30, 34).equals(ip(dst)) && f[14 + ((f[14] ?? 0) & 15) * 4] === 8;
}

/** The gateway's MAC in the replies. */
export const GW_MAC = Buffer.from([0x52, 0x55, 0x0a, 0x00, 0x02, 0x02]);

export function arpReply(request: Buffer): Buffer {
  const f = Buffer.alloc(42);
  request.copy(f, 0, 6, 12); // to the asker
  GW_MAC.copy(f, 6);
  f.writeUInt16BE(0x0806, 12);
  f.writeUInt16BE(1, 14); // Ethernet
  f.writeUInt16BE(0x0800, 16); // IPv4
  f[18] = 6;
  f[19] = 4;
  f.writeUInt16BE(2, 20); // reply
  GW_MAC.copy(f, 22);
  request.copy(f, 28, 38, 42); // the address asked for is ours
  request.copy(f, 32, 22, 28); // their MAC
  request.copy(f, 38, 28, 32); // their IP
  return f;
}

function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] ?? 0) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

export function echoReply(request: Buffer): Buffer {
  const f = Buffer.from(request);
  request.copy(f, 0, 6, 12);
  request.copy(f, 6, 0, 6);
  const ihl = ((f[14] ?? 0) & 15) * 4;
  request.copy(f, 26, 30, 34);
  request.copy(f, 30, 26, 30);
  f.writeUInt16BE(0, 24);
  f.writeUInt16BE(checksum(f.subarray(14, 14 + ihl)), 24);
  const icmp = 14 + ihl;
  f[icmp] = 0; // echo reply
  f.writeUInt16BE(0, icmp + 2);
  f.writeUInt16BE(checksum(f.subarray(icmp, 14 + f.readUInt16BE(16))), icmp + 2);
  return f;
}
