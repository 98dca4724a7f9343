import { log, SystemError, Unauthorized } from "../../lib/index.ts";
import { parseAuthChallenges, type AuthChallenge } from "./auth-challenge.ts";
import { registryErrorFrom } from "./registry-error.ts";
import { registryFetch, type FetchPolicy } from "./registry-fetch.ts";
import type { RegistryEndpoint } from "./registry-endpoints.ts";
import type { RegistryCredentials } from "./registry-types.ts";
import { TokenCache } from "./token-cache.ts";

export interface AuthorizerDeps {
  policy: (signal?: AbortSignal) => FetchPolicy;
  /** Stored credentials (docker config, helpers) for a host; called at most once per host. */
  lookupStored: (host: string) => Promise<RegistryCredentials | undefined>;
  clientId?: string;
}

/** The Authorization header chosen for a request, and what it was made of. */
export interface AuthDecision {
  header: string | undefined;
  scheme: string | undefined;
  hadCredentials: boolean;
}

function identityOf(creds: RegistryCredentials | undefined): string {
  if (!creds) return "anonymous";
  return new Bun.CryptoHasher("sha256").update(JSON.stringify([creds.username, creds.password, creds.identityToken, creds.registryToken])).digest("hex");
}

/** Scopes with the actions of one resource merged: a challenge's "x:pull" adds nothing to "x:pull,push". */
function mergeScopes(scopes: readonly string[]): string[] {
  const byResource = new Map<string, Set<string>>();
  const other: string[] = [];
  for (const scope of scopes) {
    const first = scope.indexOf(":");
    const last = scope.lastIndexOf(":");
    if (first < 0 || last === first) {
      if (!other.includes(scope)) other.push(scope);
      continue;
    }
    const resource = scope.slice(0, last);
    const actions = byResource.get(resource) ?? new Set<string>();
    for (const a of scope.slice(last + 1).split(",")) if (a) actions.add(a);
    byResource.set(resource, actions);
  }
  return [...[...byResource].map(([resource, actions]) => `${resource}:${[...actions].sort().join(",")}`), ...other];
}

function basic(creds: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${creds.username ?? ""}:${creds.password ?? ""}`).toString("base64")}`;
}

/**
 * Authorization for registry requests: remembers each endpoint's challenge (from a 401), answers
 * Basic with a password, and Bearer with a token from the challenge's realm (anonymous, Basic
 * credentials on GET, or an identity token through the OAuth2 refresh grant on POST), cached per
 * scope until it expires.
 */
export class RegistryAuthorizer {
  readonly tokens = new TokenCache();
  private readonly challenges = new Map<string, AuthChallenge>();
  private readonly stored = new Map<string, Promise<RegistryCredentials | undefined>>();

  constructor(private readonly deps: AuthorizerDeps) {}

  /** Explicit credentials serve the registry itself; a mirror only gets what is stored for its own host. */
  async credentialsFor(endpoint: RegistryEndpoint, explicit: RegistryCredentials | undefined): Promise<RegistryCredentials | undefined> {
    if (explicit && !endpoint.mirror) return explicit;
    const key = endpoint.mirror ? endpoint.host : endpoint.registryHost;
    let found = this.stored.get(key);
    if (!found) {
      found = this.deps.lookupStored(key);
      this.stored.set(key, found);
    }
    return found;
  }

  /** Records the challenge of a 401. Returns whether it named a scheme this client can answer. */
  learn(endpoint: RegistryEndpoint, response: Response): boolean {
    const challenges = parseAuthChallenges(response.headers.get("www-authenticate"));
    const usable = challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
    if (usable) this.challenges.set(endpoint.baseUrl, usable);
    return usable !== undefined;
  }

  schemeOf(endpoint: RegistryEndpoint): string | undefined {
    return this.challenges.get(endpoint.baseUrl)?.scheme;
  }

  /**
   * The header for a request with these scopes, once the endpoint's challenge is known (else none:
   * the first request goes anonymous and its 401 teaches the challenge). `fresh` skips the cache.
   */
  async authorize(
    endpoint: RegistryEndpoint,
    scopes: readonly string[],
    explicit: RegistryCredentials | undefined,
    opts: { fresh?: boolean; signal?: AbortSignal } = {},
  ): Promise<AuthDecision> {
    const challenge = this.challenges.get(endpoint.baseUrl);
    if (!challenge) return { header: undefined, scheme: undefined, hadCredentials: false };
    const creds = await this.credentialsFor(endpoint, explicit);
    const hadCredentials = creds !== undefined;
    if (challenge.scheme === "basic") {
      return { header: creds?.username || creds?.password ? basic(creds) : undefined, scheme: "basic", hadCredentials };
    }
    if (creds?.registryToken) return { header: `Bearer ${creds.registryToken}`, scheme: "bearer", hadCredentials };
    const all = mergeScopes([...scopes, ...(challenge.params.scope?.split(" ") ?? [])]);
    const realm = challenge.params.realm;
    if (!realm) throw new SystemError(`registry ${endpoint.host} sent a Bearer challenge without a realm`);
    const key = TokenCache.key({ realm, service: challenge.params.service, scopes: all, identity: identityOf(creds) });
    if (!opts.fresh) {
      const cached = this.tokens.get(key);
      if (cached) return { header: `Bearer ${cached}`, scheme: "bearer", hadCredentials };
    }
    const token = await this.fetchToken(realm, challenge.params.service, all, creds, opts.signal);
    this.tokens.set(key, token.token, token.expiresIn, token.issuedAt);
    return { header: `Bearer ${token.token}`, scheme: "bearer", hadCredentials };
  }

  private async fetchToken(
    realm: string,
    service: string | undefined,
    scopes: readonly string[],
    creds: RegistryCredentials | undefined,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; expiresIn?: number; issuedAt?: string }> {
    const policy = this.deps.policy(signal);
    let result;
    if (creds?.identityToken) {
      const form = new URLSearchParams();
      form.set("grant_type", "refresh_token");
      form.set("refresh_token", creds.identityToken);
      if (service) form.set("service", service);
      if (scopes.length) form.set("scope", scopes.join(" "));
      form.set("client_id", this.deps.clientId ?? "bunker");
      form.set("access_type", "offline");
      result = await registryFetch(realm, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      }, policy);
    } else {
      const url = new URL(realm);
      if (service) url.searchParams.set("service", service);
      for (const s of scopes) url.searchParams.append("scope", s);
      const headers: Record<string, string> = {};
      if (creds?.username || creds?.password) {
        if (creds.username) url.searchParams.set("account", creds.username);
        headers.Authorization = basic(creds);
      }
      result = await registryFetch(url.toString(), { method: "GET", headers }, policy);
    }
    const { response } = result;
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel().catch(() => {});
      throw new Unauthorized(creds ? "unauthorized: incorrect username or password" : "unauthorized: authentication required");
    }
    if (!response.ok) throw await registryErrorFrom(response, { kind: "token", method: "Get", url: realm });
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown; issued_at?: unknown };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new SystemError(`token server ${realm} sent a response that is not JSON`);
    }
    const token = typeof body.token === "string" && body.token ? body.token : typeof body.access_token === "string" ? body.access_token : "";
    if (!token) throw new SystemError(`token server ${realm} sent no token`);
    log.debug("got registry token", { realm, scopes: scopes.join(" ") });
    return {
      token,
      expiresIn: typeof body.expires_in === "number" ? body.expires_in : undefined,
      issuedAt: typeof body.issued_at === "string" ? body.issued_at : undefined,
    };
  }
}
