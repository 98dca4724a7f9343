/** Deterministic test content: byte i is (i * 7 + i / 251) mod 256. */
export function blobBytes(size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7 + Math.floor(i / 251)) & 0xff;
  return out;
}

export function sha256(bytes: Uint8Array | string): string {
  return `sha256:${new Bun.CryptoHasher("sha256").update(bytes).digest("hex")}`;
}
