import type { Writable } from "node:stream";

/** Docker's stream ids in the 8-byte frame header. */
export const streamIds = { stdin: 0, stdout: 1, stderr: 2 } as const;

/** One frame of a multiplexed stream: [stream, 0, 0, 0, size (u32 BE)] then the bytes. */
export function frame(stream: keyof typeof streamIds, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head[0] = streamIds[stream];
  head.writeUInt32BE(data.length, 4);
  return Buffer.concat([head, data]);
}

/** Write output the way the client expects: raw with a tty, framed without. */
export function writeOutput(out: Writable, tty: boolean, stream: "stdout" | "stderr", data: Buffer): boolean {
  return out.write(tty ? data : frame(stream, data));
}

export function streamContentType(tty: boolean): string {
  return tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
}
