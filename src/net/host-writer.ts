import type { Socket } from "bun";

/**
 * Guest data on its way into a host socket: written at once when the socket takes it, else kept
 * (views of the guest's frames, no copy) until the socket drains. `bytes` is what the flow's
 * advertised window gives up while the host is slow.
 */
export class HostWriter {
  private pending: Uint8Array[] = [];
  bytes = 0;

  write(sock: Socket<unknown>, data: Uint8Array): void {
    if (this.pending.length === 0) {
      const w = sock.write(data);
      if (w === data.length) return;
      if (w > 0) data = data.subarray(w);
    }
    this.pending.push(data);
    this.bytes += data.length;
  }

  /** Writes what waits, as far as the socket takes it. */
  drain(sock: Socket<unknown>): void {
    while (this.pending.length > 0) {
      const d = this.pending[0]!;
      const w = sock.write(d);
      if (w <= 0) return;
      this.bytes -= w;
      if (w < d.length) {
        this.pending[0] = d.subarray(w);
        return;
      }
      this.pending.shift();
    }
  }

  clear(): void {
    this.pending = [];
    this.bytes = 0;
  }
}
