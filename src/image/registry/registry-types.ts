/** Shapes shared by the registry client's files. The client speaks camelCase; wire shapes stay inside. */

/** Which repository on which registry: the caller's parsed reference, reduced to what the client needs. */
export interface RepositoryRef {
  /** As in a reference: "docker.io", "localhost:5000", "ghcr.io". */
  registryHost: string;
  /** The path inside the registry: "library/busybox", "me/app". */
  repository: string;
}

/** Credentials for one registry: a password, an identity (refresh) token, or a ready bearer token. */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** An OAuth2 refresh token from an earlier login (Docker's "identitytoken"). */
  identityToken?: string;
  /** A bearer token used as is (Docker's "registrytoken"). */
  registryToken?: string;
  /** The registry these were meant for, when the sender said so. */
  serverAddress?: string;
}

/** What the client may do in a repository; becomes a token scope `repository:NAME:ACTIONS`. */
export type RegistryAction = "pull" | "push";

/** A content descriptor, as much of it as the client needs. */
export interface BlobDescriptor {
  digest: string;
  size?: number;
  mediaType?: string;
}

export interface RegistryClientOptions {
  /** Hosts (host or host:port) or CIDR ranges reached over plain http. Loopback always is. */
  insecureRegistries?: string[];
  /** Mirror URLs for docker.io ("https://mirror.example", "http://127.0.0.1:5001"), tried first. */
  registryMirrors?: string[];
  /** Where docker.io itself is reached (default https://registry-1.docker.io); for tests and air-gapped setups. */
  dockerHubUrl?: string;
  /** Per-request timeout in ms: until the response headers, and between two chunks of a body. */
  timeoutMs?: number;
  /** Tries per request on 5xx, 429 and broken connections (default 3). */
  attempts?: number;
  /** First backoff delay in ms, doubled on each retry (default 250). */
  backoffMs?: number;
  /** docker's config.json for stored credentials (default $DOCKER_CONFIG/config.json, else ~/.docker/config.json). */
  dockerConfigPath?: string;
  /** PATH used to find docker-credential-* helpers (default the process's PATH). */
  credentialHelperPath?: string;
  /** Look up no stored credentials at all (only the explicit ones). */
  noStoredCredentials?: boolean;
  userAgent?: string;
}

/** Per-call options. */
export interface RegistryCallOptions {
  /** Explicit credentials (from X-Registry-Auth or a login); they win over stored ones. */
  credentials?: RegistryCredentials;
  signal?: AbortSignal;
}

export interface ManifestResult {
  /** The manifest's media type, from Content-Type, else from its own mediaType field. */
  mediaType: string;
  /** The digest of the bytes received, verified against what was asked and what the registry said. */
  digest: string;
  size: number;
  bytes: Uint8Array;
}

export interface ManifestHeadResult {
  mediaType: string;
  digest: string;
  size: number;
}

export interface BlobHeadResult {
  digest: string;
  size: number;
}

export interface PingResult {
  /** The base URL that answered, e.g. "http://127.0.0.1:5000". */
  url: string;
  /** Auth schemes the registry asked for ("bearer", "basic"); empty when open. */
  authSchemes: string[];
}
