import { createServer, type AddressInfo } from "node:net";

/** How a connection to the sink ended: bytes read, and "end" (the peer's FIN) or the error. */
export interface SinkEnding {
  bytes: number;
  how: string;
}

/**
 * A TCP server on 127.0.0.1 that reads nothing for its first `pauseMs` of each connection, then
 * counts bytes to the end: a peer that writes and exits at once is gone while much of what it
 * wrote still waits in its kernel's socket.
 */
export async function slowSink(pauseMs: number): Promise<{ port: number; endings: SinkEnding[]; ended(timeoutMs?: number): Promise<SinkEnding[]>; close(): void }> {
  const endings: SinkEnding[] = [];
  const server = createServer({ allowHalfOpen: true }, (sock) => {
    let bytes = 0;
    sock.pause();
    setTimeout(() => sock.resume(), pauseMs);
    sock.on("data", (d: Buffer) => void (bytes += d.length));
    sock.on("end", () => {
      endings.push({ bytes, how: "end" });
      sock.end();
    });
    sock.on("error", (err) => void endings.push({ bytes, how: err.message }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    port: (server.address() as AddressInfo).port,
    endings,
    async ended(timeoutMs = 10_000) {
      for (const until = Date.now() + timeoutMs; endings.length === 0 && Date.now() < until; ) await Bun.sleep(20);
      return endings;
    },
    close: () => server.close(),
  };
}
