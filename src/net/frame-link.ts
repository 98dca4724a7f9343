import type { Socket } from "bun";
import { SystemError, log } from "../lib/index.ts";
import { closeFd, connectFd, connectUnixSocket, setSocketBuffers, takeTap } from "../sys/index.ts";
import { giveArena, takeArena } from "./checksum.ts";
import { TapFrameLink } from "./tap-link.ts";

/** A link that carries whole Ethernet frames, e.g. a container's TAP device relayed over a unix socket. */
export interface FrameLink {
  send(frame: Uint8Array): void;
  onFrame(cb: (frame: Uint8Array) => void): void;
  onClose(cb: () => void): void;
  close(): void;
  /**
   * After close(): resolves once the link has let go of what it held (a TAP's fd, closed by the
   * writer thread in its order). Until then a new interface of the same name cannot be made.
   */
  released?(): Promise<void>;
}

/**
 * Optional extras a link may offer; the stack uses them when present. `alloc` hands out room for a
 * frame that `send` then commits without a copy; `congested`/`onWritable` let producers pause.
 */
export interface FastFrameLink extends FrameLink {
  alloc?(len: number): Uint8Array;
  congested?(): boolean;
  /** Whether frames still wait here for the socket (they are not lost, only late). */
  backlogged?(): boolean;
  onWritable?(cb: () => void): void;
  /**
   * Sends `head` (from alloc: the headers) and `parts` (the payload, not copied) as one frame
   * whose L4 checksum at `csumStart + csumOffset` holds only the pseudo-header sum; the link
   * has it completed (a TAP with virtio_net_hdr: the guest's kernel does).
   */
  sendParts?(head: Uint8Array, parts: readonly Uint8Array[], csumStart: number, csumOffset: number): void;
}

/** Frames larger than this on the stream mean it is corrupt (MTU 65520 + Ethernet header fits). */
export const MAX_STREAM_FRAME = 262144;
const HIGH_WATER = 8 << 20;

/** Splits a byte stream of length-prefixed frames; frames inside one chunk are views, not copies. */
export class FrameDecoder {
  private head = Buffer.alloc(4);
  private headHave = 0;
  private partial: Buffer | undefined;
  private partialHave = 0;
  constructor(private readonly emit: (frame: Uint8Array) => void, private readonly corrupt: () => void) {}

  push(chunk: Buffer): void {
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.partial) {
        const take = Math.min(this.partial.length - this.partialHave, n - i);
        chunk.copy(this.partial, this.partialHave, i, i + take);
        this.partialHave += take;
        i += take;
        if (this.partialHave === this.partial.length) {
          const f = this.partial;
          this.partial = undefined;
          this.emit(f);
        }
        continue;
      }
      let len: number;
      if (this.headHave > 0 || n - i < 4) {
        const take = Math.min(4 - this.headHave, n - i);
        chunk.copy(this.head, this.headHave, i, i + take);
        this.headHave += take;
        i += take;
        if (this.headHave < 4) return;
        this.headHave = 0;
        len = this.head.readUInt32BE(0);
      } else {
        len = chunk.readUInt32BE(i);
        i += 4;
      }
      if (len > MAX_STREAM_FRAME) {
        this.corrupt();
        return;
      }
      if (len === 0) continue; // the monitor's greeting (it carried the TAP to those who take it)
      if (n - i >= len) {
        this.emit(chunk.subarray(i, i + len));
        i += len;
      } else {
        // A fresh buffer per split frame: the stack may keep views of it.
        this.partial = Buffer.allocUnsafe(len);
        this.partialHave = 0;
      }
    }
  }
}

/** A FrameLink over a connected stream socket; sends are batched into one write per tick. */
export class StreamFrameLink implements FastFrameLink {
  /** Frames are built and batched here; it lives in the checksum kernel's memory when it can. */
  private arena: Buffer = takeArena();
  private used = 0;
  private reserved = -1;
  /** What the socket has not taken yet; `arena` is set when the bytes live in a retired arena. */
  private backlog: { data: Buffer; arena?: Buffer }[] = [];
  private spares: Buffer[] = [];
  private backlogBytes = 0;
  private flushQueued = false;
  private closed = false;
  private frameCbs: ((f: Uint8Array) => void)[] = [];
  private closeCbs: (() => void)[] = [];
  private writableCbs: (() => void)[] = [];
  readonly decoder: FrameDecoder;

  constructor(private readonly sock: Socket<unknown>) {
    this.decoder = new FrameDecoder(
      (f) => {
        for (const cb of this.frameCbs) {
          try {
            cb(f);
          } catch (err) {
            log.warn(`net: frame handler failed: ${(err as Error).message}`);
          }
        }
      },
      () => {
        log.warn("net: frame stream corrupt (length out of range); closing the link");
        this.close();
      },
    );
  }

  alloc(len: number): Uint8Array {
    if (this.closed) return new Uint8Array(len); // its arenas went back to the pool
    if (this.used + 4 + len > this.arena.length) this.flush();
    if (4 + len > this.arena.length) return new Uint8Array(len);
    this.reserved = this.used + 4;
    return this.arena.subarray(this.reserved, this.reserved + len);
  }

  send(frame: Uint8Array): void {
    if (this.closed) return;
    const len = frame.length;
    if (frame.buffer === this.arena.buffer && frame.byteOffset === this.arena.byteOffset + this.reserved) {
      this.arena.writeUInt32BE(len, this.used);
      this.used += 4 + len;
      this.reserved = -1;
    } else {
      if (this.used + 4 + len > this.arena.length) this.flush();
      if (4 + len > this.arena.length) {
        const big = Buffer.allocUnsafe(4 + len);
        big.writeUInt32BE(len, 0);
        big.set(frame, 4);
        this.writeOut(big, true);
        return;
      }
      this.arena.writeUInt32BE(len, this.used);
      this.arena.set(frame, this.used + 4);
      this.used += 4 + len;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      queueMicrotask(() => this.flush());
    }
  }

  flush(): void {
    this.flushQueued = false;
    if (this.used === 0 || this.closed) return;
    const data = this.arena.subarray(0, this.used);
    this.used = 0;
    this.writeOut(data, false);
  }

  /**
   * Writes now what the socket takes. A remainder waits in the backlog; when it is part of the
   * arena, the arena itself goes to the backlog and a spare one takes its place (no copy).
   */
  private writeOut(data: Buffer, owned: boolean): void {
    if (this.backlog.length === 0) {
      const w = this.sock.write(data);
      if (w < 0) return;
      if (w === data.length) return;
      data = data.subarray(w);
    }
    let arena: Buffer | undefined;
    if (!owned) {
      arena = this.arena;
      this.arena = this.spares.pop() ?? takeArena();
    }
    this.backlog.push({ data, arena });
    this.backlogBytes += data.length;
  }

  /** Socket drain: write what waits, then tell producers they may go on. */
  drain(): void {
    while (this.backlog.length > 0) {
      const entry = this.backlog[0]!;
      const w = this.sock.write(entry.data);
      if (w < 0) return;
      this.backlogBytes -= w;
      if (w < entry.data.length) {
        entry.data = entry.data.subarray(w);
        return;
      }
      this.backlog.shift();
      if (entry.arena) {
        if (this.spares.length < 2) this.spares.push(entry.arena); // free again
        else giveArena(entry.arena);
      }
    }
    if (this.writableCbs.length > 0) for (const cb of this.writableCbs) cb();
  }

  congested(): boolean {
    return this.backlogBytes > HIGH_WATER;
  }

  backlogged(): boolean {
    return this.backlogBytes > 0 || this.used > 0;
  }

  onWritable(cb: () => void): void {
    this.writableCbs.push(cb);
  }

  onFrame(cb: (frame: Uint8Array) => void): void {
    this.frameCbs.push(cb);
  }

  onClose(cb: () => void): void {
    this.closeCbs.push(cb);
  }

  /** The socket closed (either side): tell listeners once. */
  closedByPeer(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of this.backlog) if (e.arena) giveArena(e.arena);
    for (const a of this.spares) giveArena(a);
    giveArena(this.arena);
    this.backlog = [];
    this.spares = [];
    for (const cb of this.closeCbs) cb();
  }

  close(): void {
    if (this.closed) return;
    this.sock.end();
    this.closedByPeer();
  }
}

const SOCKET_BUFFER = 4 * 1024 * 1024;
/** How long a new connection waits for the monitor's TAP (an older monitor never sends one). */
const TAP_WAIT_MS = 1000;

/**
 * Connects to a monitor's network socket: frames each behind a 4-byte big-endian length. When
 * the monitor hands over its TAP first (runtime.h, "network sockets"), frames to the guest go
 * straight to it (TapFrameLink); else, or with `takeTap: false`, both ways use the stream.
 */
export async function connectFrameSocket(path: string, opts: { takeTap?: boolean } = {}): Promise<FrameLink> {
  const fail = (err: unknown) => new SystemError(`connecting to the network socket ${path}: ${(err as Error).message}`, { cause: err });
  let fd: number;
  try {
    fd = connectUnixSocket(path);
  } catch (err) {
    throw fail(err);
  }
  let tap = -1;
  let head: Uint8Array = new Uint8Array(0);
  try {
    const deadline = Date.now() + TAP_WAIT_MS;
    while (opts.takeTap !== false) {
      const h = takeTap(fd);
      if ("tap" in h) tap = h.tap;
      else if ("noTap" in h) head = h.head;
      else if (Date.now() < deadline) {
        await Bun.sleep(1);
        continue;
      }
      break;
    }
    // Large buffers both ways: fewer wake-ups of the monitor and of this loop per MB (capped
    // by net.core.wmem_max/rmem_max; a refusal only costs speed).
    try {
      setSocketBuffers(fd, SOCKET_BUFFER, SOCKET_BUFFER);
    } catch {
      // keep the defaults
    }
  } catch (err) {
    closeFd(fd);
    if (tap >= 0) closeFd(tap);
    throw fail(err);
  }
  let link: StreamFrameLink | undefined;
  try {
    await connectFd(fd, {
      binaryType: "buffer",
      open(sock) {
        link = new StreamFrameLink(sock as Socket<unknown>);
      },
      data(_sock, chunk) {
        link?.decoder.push(chunk);
      },
      drain() {
        link?.drain();
      },
      close() {
        link?.closedByPeer();
      },
      error() {
        link?.closedByPeer();
      },
    });
    if (!link) throw new Error("no connection");
  } catch (err) {
    if (tap >= 0) closeFd(tap);
    throw fail(err);
  }
  if (head.length > 0) link.decoder.push(Buffer.from(head));
  return tap >= 0 ? new TapFrameLink(link, tap) : link;
}
