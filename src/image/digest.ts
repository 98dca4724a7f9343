/**
 * Content digests (`sha256:<64 hex>`): validation with the messages Docker's digest library
 * gives, computing with Bun.CryptoHasher, chain ids of layer lists as the OCI image spec defines
 * them, and the short ids Docker shows.
 */
import { InvalidArgument } from "../lib/index.ts";

export type DigestAlgorithm = "sha256" | "sha384" | "sha512";

/** Hex length of each algorithm Docker accepts in a digest. */
const hexLength: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };
const lowerHexRe = /^[a-f0-9]+$/;
/** The general digest form: lowercase algorithm components, then an encoded part. */
const anyDigestRe = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

function isAlgorithm(name: string): name is DigestAlgorithm {
  return Object.hasOwn(hexLength, name);
}

/**
 * Check a digest string; returns it unchanged or throws InvalidArgument with Docker's messages:
 * "invalid checksum digest format", "invalid checksum digest length", "unsupported digest algorithm".
 */
export function validateDigest(digest: string): string {
  const colon = digest.indexOf(":");
  if (colon <= 0 || colon + 1 === digest.length) throw new InvalidArgument("invalid checksum digest format");
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  if (!isAlgorithm(algorithm)) {
    if (!anyDigestRe.test(digest)) throw new InvalidArgument("invalid checksum digest format");
    throw new InvalidArgument("unsupported digest algorithm");
  }
  if (encoded.length !== hexLength[algorithm]) throw new InvalidArgument("invalid checksum digest length");
  if (!lowerHexRe.test(encoded)) throw new InvalidArgument("invalid checksum digest format");
  return digest;
}

/** True for a valid digest of any accepted algorithm. */
export function isDigest(text: string): boolean {
  try {
    validateDigest(text);
    return true;
  } catch {
    return false;
  }
}

/** True for exactly `sha256:` followed by 64 lowercase hex digits: what the store keys on. */
export function isSha256Digest(text: string): boolean {
  return text.length === 71 && text.startsWith("sha256:") && lowerHexRe.test(text.slice(7));
}

/** The algorithm and hex parts of a valid digest. */
export function splitDigest(digest: string): { algorithm: DigestAlgorithm; hex: string } {
  validateDigest(digest);
  const colon = digest.indexOf(":");
  return { algorithm: digest.slice(0, colon) as DigestAlgorithm, hex: digest.slice(colon + 1) };
}

/** The digest of some bytes or text (UTF-8), e.g. `sha256:e3b0c442…` for nothing. */
export function computeDigest(data: string | Uint8Array | ArrayBuffer, algorithm: DigestAlgorithm = "sha256"): string {
  return `${algorithm}:${new Bun.CryptoHasher(algorithm).update(data).digest("hex")}`;
}

/** An incremental digester for streamed content (blobs, layers). */
export interface Digester {
  update(chunk: string | Uint8Array | ArrayBuffer): Digester;
  /** The digest so far; the digester may go on receiving data afterwards. */
  digest(): string;
}

export function createDigester(algorithm: DigestAlgorithm = "sha256"): Digester {
  const hasher = new Bun.CryptoHasher(algorithm);
  const self: Digester = {
    update(chunk) {
      hasher.update(chunk);
      return self;
    },
    digest: () => `${algorithm}:${hasher.copy().digest("hex")}`,
  };
  return self;
}

/**
 * The chain id of each prefix of a layer list (OCI image spec): the first is the first layer's
 * diff id, each next one is sha256 of "<previous chain id> <diff id>". `[]` for no layers.
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const diffId of diffIds) {
    validateDigest(diffId);
    const previous = out.at(-1);
    out.push(previous === undefined ? diffId : computeDigest(`${previous} ${diffId}`));
  }
  return out;
}

/** The chain id of a whole layer list (that of its top layer); undefined for no layers. */
export function chainId(diffIds: readonly string[]): string | undefined {
  return chainIds(diffIds).at(-1);
}

/** The 12 hex digits Docker shows for an id or digest (`sha256:` dropped). */
export function shortImageId(idOrDigest: string): string {
  const colon = idOrDigest.indexOf(":");
  return idOrDigest.slice(colon + 1, colon + 13);
}
