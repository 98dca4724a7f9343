import { ContentMismatch, InvalidArgument } from "../../lib/index.ts";

const algorithms = { sha256: 64, sha512: 128 } as const;
type Algorithm = keyof typeof algorithms;

function algorithmOf(digest: string): Algorithm {
  const colon = digest.indexOf(":");
  const alg = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (colon < 0 || !(alg in algorithms) || hex.length !== algorithms[alg as Algorithm] || !/^[a-f0-9]+$/.test(hex)) {
    throw new InvalidArgument(`invalid digest: ${JSON.stringify(digest)}`);
  }
  return alg as Algorithm;
}

/** Hashes what was received, chunk by chunk, and checks it against the digest that was asked for. */
export class DigestVerifier {
  readonly expected: string;
  private readonly hasher: Bun.CryptoHasher;
  private readonly algorithm: Algorithm;
  private result: string | undefined;

  constructor(expected: string) {
    this.algorithm = algorithmOf(expected);
    this.expected = expected;
    this.hasher = new Bun.CryptoHasher(this.algorithm);
  }

  update(chunk: Uint8Array): void {
    this.hasher.update(chunk);
  }

  /** The digest of everything so far (once: it ends the hash). */
  digest(): string {
    this.result ??= `${this.algorithm}:${this.hasher.digest("hex")}`;
    return this.result;
  }

  /** Throws "digest mismatch for EXPECTED: got ACTUAL" when they differ. */
  verify(): string {
    const got = this.digest();
    if (got !== this.expected) throw new ContentMismatch(`digest mismatch for ${this.expected}: got ${got}`);
    return got;
  }

  /** The digest of bytes, with the algorithm of `like` (sha256 by default). */
  static of(bytes: Uint8Array | string, like = "sha256:"): string {
    const alg: Algorithm = like.startsWith("sha512:") ? "sha512" : "sha256";
    return `${alg}:${new Bun.CryptoHasher(alg).update(bytes).digest("hex")}`;
  }

  /** Throws InvalidArgument for anything but a well-formed sha256/sha512 digest. */
  static check(digest: string): void {
    algorithmOf(digest);
  }
}
