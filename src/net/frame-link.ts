/** A link that carries whole Ethernet frames, e.g. a container's TAP device relayed over a unix socket. */
export interface FrameLink {
  send(frame: Uint8Array): void;
  onFrame(cb: (frame: Uint8Array) => void): void;
  onClose(cb: () => void): void;
  close(): void;
}

/** Connects to a unix stream socket that carries frames, each behind a 4-byte big-endian length. */
export async function connectFrameSocket(path: string): Promise<FrameLink> {
  throw new Error(`not implemented yet: ${path}`);
}
