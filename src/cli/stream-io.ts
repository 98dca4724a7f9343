import type { Socket } from "node:net";

/**
 * A writer for a container's output stream to this process's stdout/stderr: raw bytes with a
 * tty, else Docker's multiplexed frames (8-byte header: stream, 0, 0, 0, size) taken apart,
 * however the chunks happen to be cut.
 */
export function terminalWriter(tty: boolean): (data: Buffer) => void {
  if (tty) return (data) => void process.stdout.write(data);
  let pending: Buffer = Buffer.alloc(0);
  return (data) => {
    pending = pending.length ? Buffer.concat([pending, data]) : data;
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      (pending[0] === 2 ? process.stderr : process.stdout).write(pending.subarray(8, 8 + size));
      pending = pending.subarray(8 + size);
    }
  };
}

/**
 * Pump a hijacked attach/exec stream to this terminal: demultiplex Docker's 8-byte frames
 * without a tty, copy raw bytes with one; forward stdin (raw mode on a terminal, half-close at
 * EOF) and terminal resizes. Resolves when the daemon closes the stream.
 */
export function pumpStream(
  socket: Socket,
  head: Buffer,
  opts: { tty: boolean; stdin: boolean; resize?: (rows: number, cols: number) => void },
): Promise<void> {
  return new Promise((resolve) => {
    const out = terminalWriter(opts.tty);
    if (head.length) out(head);
    socket.on("data", out);
    socket.resume(); // the client paused it after the response headers
    const stdin = process.stdin;
    const rawTerminal = opts.tty && opts.stdin && stdin.isTTY;
    if (rawTerminal) stdin.setRawMode(true);
    const sendSize = () => {
      if (opts.resize && process.stdout.isTTY) opts.resize(process.stdout.rows, process.stdout.columns);
    };
    if (opts.tty) {
      sendSize();
      process.stdout.on("resize", sendSize);
    }
    if (opts.stdin) {
      stdin.on("data", (d: Buffer) => socket.write(d));
      stdin.on("end", () => socket.end());
      stdin.resume();
    }
    const finish = () => {
      if (rawTerminal) stdin.setRawMode(false);
      process.stdout.off("resize", sendSize);
      stdin.pause();
      stdin.removeAllListeners("data");
      resolve();
    };
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
  });
}
