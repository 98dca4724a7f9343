import { log, Unavailable } from "../../lib/index.ts";

export interface FetchPolicy {
  /** Until the response headers arrive (ms). */
  timeoutMs: number;
  /** Tries in all, on 5xx/429 and broken connections. */
  attempts: number;
  /** First backoff delay (ms), doubled each retry. */
  backoffMs: number;
  userAgent?: string;
  signal?: AbortSignal;
}

export interface RegistryRequest {
  method: string;
  headers?: Record<string, string>;
  /** Only re-sendable bodies: a request may be sent more than once. */
  body?: Uint8Array | Blob | string;
}

export interface RegistryResponse {
  response: Response;
  /** The URL that answered, after redirects. */
  url: string;
}

const retryStatuses = new Set([429, 500, 502, 503, 504]);
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxRedirects = 10;

/** Go-style verb for messages ("Get", "Head"), as Docker's errors print them. */
export function verbOf(method: string): string {
  return method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
}

/** A Docker-like description of a connection failure: `Get "URL": dial tcp HOST: connect: connection refused`. */
function describeNetworkError(method: string, url: string, err: unknown): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  const code = (err as { code?: string } | undefined)?.code ?? "";
  const what =
    code === "ECONNREFUSED" || code === "ConnectionRefused"
      ? `dial tcp ${u.hostname}:${port}: connect: connection refused`
      : code === "ECONNRESET" || code === "ConnectionClosed"
        ? `read tcp ${u.hostname}:${port}: connection reset by peer`
        : code === "ENOTFOUND" || code === "EAI_NONAME"
          ? `dial tcp: lookup ${u.hostname}: no such host`
          : `${u.hostname}:${port}: ${err instanceof Error ? err.message : String(err)}`;
  return `${verbOf(method)} "${url}": ${what}`;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && (err.name === "AbortError" || err.name === "TimeoutError");
}

function retryAfterMs(response: Response): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** One send with a timeout until headers, redirects followed by hand. */
async function sendOnce(url: string, req: RegistryRequest, policy: FetchPolicy): Promise<RegistryResponse> {
  let current = url;
  let method = req.method;
  let body = req.body;
  const headers: Record<string, string> = { ...req.headers };
  if (policy.userAgent) headers["User-Agent"] = policy.userAgent;
  const origin = new URL(url).origin;
  for (let hop = 0; ; hop++) {
    const timeout = AbortSignal.timeout(policy.timeoutMs);
    const signal = policy.signal ? AbortSignal.any([policy.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(current, { method, headers, body, redirect: "manual", signal, decompress: false } as RequestInit);
    } catch (err) {
      if (timeout.aborted && !policy.signal?.aborted) {
        const e = new Error(`${verbOf(method)} "${current}": timeout: no response within ${policy.timeoutMs}ms`);
        e.name = "RegistryTimeout";
        throw e;
      }
      throw err;
    }
    const location = response.headers.get("location");
    if (!redirectStatuses.has(response.status) || !location || method === "POST" || method === "PATCH") {
      return { response, url: current };
    }
    if (hop >= maxRedirects) throw new Unavailable(`${verbOf(method)} "${url}": stopped after ${maxRedirects} redirects`);
    await response.body?.cancel().catch(() => {});
    const next = new URL(location, current);
    // Credentials meant for the registry never travel to another host (a CDN, object storage).
    if (next.origin !== origin) {
      for (const key of Object.keys(headers)) if (key.toLowerCase() === "authorization") delete headers[key];
    }
    if (response.status === 303 && method !== "HEAD") {
      method = "GET";
      body = undefined;
    }
    current = next.toString();
  }
}

/**
 * A registry HTTP request with bounded retries: 5xx, 429 and broken connections are tried again
 * after an exponential backoff (Retry-After honoured up to 10 s); redirects are followed without
 * the Authorization header when they leave the host. Unreachable hosts become Unavailable with the
 * address. The last retryable response is returned as is, for the caller to map.
 */
export async function registryFetch(url: string, req: RegistryRequest, policy: FetchPolicy): Promise<RegistryResponse> {
  let delay = policy.backoffMs;
  for (let attempt = 1; ; attempt++) {
    const last = attempt >= policy.attempts;
    let result: RegistryResponse;
    try {
      result = await sendOnce(url, req, policy);
    } catch (err) {
      if (policy.signal?.aborted) throw err;
      if (err instanceof Unavailable) throw err;
      const message = err instanceof Error && err.name === "RegistryTimeout" ? err.message : describeNetworkError(req.method, url, err);
      if (last) throw new Unavailable(message, { cause: err });
      log.debug("registry request failed, retrying", { url, attempt, error: message });
      await Bun.sleep(delay);
      delay *= 2;
      continue;
    }
    if (!retryStatuses.has(result.response.status) || last) return result;
    const wait = Math.min(Math.max(delay, retryAfterMs(result.response) ?? 0), 10_000);
    log.debug("registry answered with a retryable status", { url, status: result.response.status, attempt });
    await result.response.body?.cancel().catch(() => {});
    await Bun.sleep(wait);
    delay *= 2;
  }
}
