import { log } from "../../lib/index.ts";
import { lookupDockerCredentials } from "./docker-config-credentials.ts";
import { RegistryAuthorizer } from "./registry-authorizer.ts";
import { resolveRegistryEndpoints, type RegistryEndpoint } from "./registry-endpoints.ts";
import { registryErrorFrom, unauthorizedAfterAuth, type ErrorContext } from "./registry-error.ts";
import { registryFetch, verbOf, type FetchPolicy, type RegistryRequest, type RegistryResponse } from "./registry-fetch.ts";
import type { RegistryClientOptions, RegistryCredentials } from "./registry-types.ts";

export interface SendOptions extends RegistryRequest {
  /** "/v2/…" under the endpoint, or an absolute URL (an upload's Location). */
  path: string;
  /** Token scopes, e.g. ["repository:me/app:pull"]. */
  scopes: readonly string[];
  credentials?: RegistryCredentials;
  signal?: AbortSignal;
  ctx: Omit<ErrorContext, "method" | "url">;
  /** Statuses returned to the caller instead of thrown (2xx always are). */
  accept?: readonly number[];
}

export interface SendResult extends RegistryResponse {
  endpoint: RegistryEndpoint;
}

/**
 * The plumbing under the client: which endpoints serve a host (mirrors, http or https), the
 * authorizer, retries, and turning failed responses into Bunker errors.
 */
export class RegistrySession {
  readonly authorizer: RegistryAuthorizer;

  constructor(readonly options: RegistryClientOptions = {}) {
    this.authorizer = new RegistryAuthorizer({
      policy: (signal) => this.policy(signal),
      lookupStored: (host) =>
        options.noStoredCredentials
          ? Promise.resolve(undefined)
          : lookupDockerCredentials(host, { configPath: options.dockerConfigPath, helperPath: options.credentialHelperPath }),
    });
  }

  policy(signal?: AbortSignal): FetchPolicy {
    return {
      timeoutMs: this.options.timeoutMs ?? 30_000,
      attempts: Math.max(1, this.options.attempts ?? 3),
      backoffMs: this.options.backoffMs ?? 250,
      userAgent: this.options.userAgent ?? "bunker",
      signal,
    };
  }

  endpoints(registryHost: string, forPush = false): RegistryEndpoint[] {
    return resolveRegistryEndpoints(registryHost, {
      insecureRegistries: this.options.insecureRegistries,
      registryMirrors: this.options.registryMirrors,
      dockerHubUrl: this.options.dockerHubUrl,
      forPush,
    });
  }

  /** Sends to one endpoint, answering one 401 challenge; non-accepted statuses throw. */
  async sendTo(endpoint: RegistryEndpoint, opts: SendOptions): Promise<SendResult> {
    const absolute = /^https?:\/\//i.test(opts.path);
    const url = absolute ? opts.path : endpoint.baseUrl + opts.path;
    const sameOrigin = new URL(url).origin === endpoint.baseUrl;
    const policy = this.policy(opts.signal);
    const send = (authorization: string | undefined) =>
      registryFetch(url, {
        method: opts.method,
        headers: { ...opts.headers, ...(authorization && sameOrigin ? { Authorization: authorization } : {}) },
        body: opts.body,
      }, policy);

    let decision = await this.authorizer.authorize(endpoint, opts.scopes, opts.credentials, { signal: opts.signal });
    let result = await send(decision.header);
    // A caller that accepts 401 (ping) wants the challenge itself, not an answer to it.
    if (result.response.status === 401 && sameOrigin && !opts.accept?.includes(401)) {
      const learned = this.authorizer.learn(endpoint, result.response);
      if (learned) {
        const again = await this.authorizer.authorize(endpoint, opts.scopes, opts.credentials, { fresh: true, signal: opts.signal });
        if (again.header && (again.header !== decision.header || decision.scheme === undefined)) {
          await result.response.body?.cancel().catch(() => {});
          decision = again;
          result = await send(decision.header);
        }
      }
      if (result.response.status === 401) {
        await result.response.body?.cancel().catch(() => {});
        const ctx = { ...opts.ctx, method: verbOf(opts.method), url };
        throw unauthorizedAfterAuth(ctx, { scheme: decision.scheme ?? this.authorizer.schemeOf(endpoint), hadCredentials: decision.hadCredentials });
      }
    }
    const status = result.response.status;
    if ((status >= 200 && status < 300) || opts.accept?.includes(status)) return { ...result, endpoint };
    throw await registryErrorFrom(result.response, { ...opts.ctx, method: verbOf(opts.method), url: result.url });
  }

  /**
   * Sends to the endpoints of a host in order: a docker.io pull tries each mirror first and falls
   * back to the registry itself when a mirror fails or lacks the content.
   */
  async send(registryHost: string, opts: SendOptions, forPush = false): Promise<SendResult> {
    const endpoints = this.endpoints(registryHost, forPush);
    let lastError: unknown;
    for (const [i, endpoint] of endpoints.entries()) {
      const last = i === endpoints.length - 1;
      try {
        // A mirror's 404 throws, so the next endpoint gets its turn.
        return await this.sendTo(endpoint, last ? opts : { ...opts, accept: (opts.accept ?? []).filter((s) => s !== 404) });
      } catch (err) {
        if (last || opts.signal?.aborted) throw err;
        lastError = err;
        log.info("registry mirror failed, trying the next endpoint", { mirror: endpoint.baseUrl, error: err instanceof Error ? err.message : String(err) });
      }
    }
    throw lastError;
  }
}
