/**
 * The host-socket reader (ffi/net-rx.c): flows' host sockets read with recv straight into the
 * network stack's own buffers, instead of through Bun's reads (a copy and a fresh allocation
 * each). A thread of the C helper waits for readiness and reports tokens on a socketpair this
 * event loop watches; each registration reports once and is armed again after a read runs dry.
 */
import { FFIType, ptr } from "bun:ffi";
import { log } from "../lib/index.ts";
import { bindHelper } from "./_ffi.ts";
import { connectFd } from "./net-link.ts";
import { Errno, SyscallError } from "./syscall-error.ts";

const { i32, u32 } = FFIType;
const rxHelper = bindHelper({
  bunker_rx_start: { args: [], returns: i32 },
  bunker_rx_arm: { args: [i32, u32], returns: i32 },
  bunker_rx_close: { args: [i32], returns: i32 },
  bunker_rx_dup: { args: [i32], returns: i32 },
  bunker_rx_recv: { args: [i32, FFIType.ptr, i32], returns: i32 },
} as const);

/** One watched socket: the reader's own fd on it and its token. */
export class ReadHandle {
  private closed = false;
  constructor(private readonly reader: HostReader, readonly fd: number, readonly token: number) {}

  /** Asks for one report when the socket is readable (or has ended or failed). */
  arm(): void {
    if (this.closed) return;
    const rc = rxHelper().bunker_rx_arm(this.fd, this.token);
    if (rc < 0) log.warn(`net: watching a host socket failed: ${SyscallError.fromReturn(rc, "epoll_ctl").message}`);
  }

  /** recv into `buf` at `off`: bytes, 0 at the peer's end, -errno (-EAGAIN: nothing now). */
  recv(buf: Uint8Array, off: number, len: number): number {
    if (this.closed) return -Errno.EBADF;
    return rxHelper().bunker_rx_recv(this.fd, ptr(buf, off), len);
  }

  /** Stops watching and closes the reader's fd (the socket ends when Bun's fd is closed too). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.reader.forget(this.token);
    rxHelper().bunker_rx_close(this.fd);
  }
}

export class HostReader {
  private static one: HostReader | undefined;

  /** The process's reader, started on first use. Throws SyscallError. */
  static get(): HostReader {
    return (HostReader.one ??= new HostReader());
  }

  private readonly ready = new Map<number, () => void>();
  private next = 1;
  private carry = Buffer.alloc(0);

  private constructor() {
    const fd = rxHelper().bunker_rx_start();
    if (fd < 0) throw SyscallError.fromReturn(fd, "start the host-socket reader thread");
    connectFd(fd, {
      binaryType: "buffer",
      open: (s) => s.unref(),
      data: (_s, d) => this.reports(d),
    }).catch((err: Error) => log.warn(`net: the host-socket reader's report socket: ${err.message}`));
  }

  /** Watches the socket `sockFd` (on a second fd of its own): `onReady` runs after each armed report. Throws SyscallError. */
  watch(sockFd: number, onReady: () => void): ReadHandle {
    const fd = rxHelper().bunker_rx_dup(sockFd);
    if (fd < 0) throw SyscallError.fromReturn(fd, `dup of socket fd ${sockFd}`);
    const token = this.next;
    this.next = this.next >= 0xfffffff0 ? 1 : this.next + 1;
    this.ready.set(token, onReady);
    return new ReadHandle(this, fd, token);
  }

  forget(token: number): void {
    this.ready.delete(token);
  }

  private reports(d: Buffer): void {
    let b = d;
    if (this.carry.length > 0) {
      b = Buffer.concat([this.carry, d]);
      this.carry = Buffer.alloc(0);
    }
    const whole = b.length - (b.length % 4);
    for (let i = 0; i < whole; i += 4) {
      const cb = this.ready.get(b.readUInt32LE(i));
      if (!cb) continue; // a socket closed after it was reported
      try {
        cb();
      } catch (err) {
        log.warn(`net: a host socket's reader failed: ${(err as Error).message}`);
      }
    }
    if (whole < b.length) this.carry = Buffer.from(b.subarray(whole));
  }
}
