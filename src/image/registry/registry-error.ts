import { BunkerError, Forbidden, InvalidArgument, NotFound, SystemError, Unauthorized, Unavailable } from "../../lib/index.ts";
import { isDockerHub } from "./registry-endpoints.ts";
import type { RepositoryRef } from "./registry-types.ts";

/** What a failed request was about, to word the error as Docker does. */
export interface ErrorContext {
  repo?: RepositoryRef;
  /** A tag or digest, for manifest requests. */
  reference?: string;
  kind: "ping" | "manifest" | "blob" | "tags" | "upload" | "token";
  push?: boolean;
  method: string;
  url: string;
}

interface WireError {
  code?: string;
  message?: string;
  detail?: unknown;
}

/** "busybox" for docker.io/library/busybox, "me/app" for docker.io/me/app, else "host/path". */
export function familiarName(repo: RepositoryRef): string {
  if (isDockerHub(repo.registryHost)) return repo.repository.replace(/^library\//, "");
  return `${repo.registryHost}/${repo.repository}`;
}

function referenceText(repo: RepositoryRef, reference: string | undefined): string {
  const name = familiarName(repo);
  if (!reference) return name;
  return reference.includes(":") ? `${name}@${reference}` : `${name}:${reference}`;
}

/** "manifest unknown: manifest unknown", the way Docker prints one registry error. */
function wireText(e: WireError): string {
  const code = (e.code ?? "unknown").toLowerCase().replace(/_/g, " ");
  return e.message ? `${code}: ${e.message}` : code;
}

async function readWireErrors(response: Response): Promise<WireError[]> {
  try {
    const text = await response.text();
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (Array.isArray(parsed.errors)) return parsed.errors.filter((e): e is WireError => e !== null && typeof e === "object");
  } catch {
    // not a distribution error body
  }
  return [];
}

/** The Bunker error for a registry's error response, in Docker's words. Consumes the body. */
export async function registryErrorFrom(response: Response, ctx: ErrorContext): Promise<BunkerError> {
  const errors = await readWireErrors(response);
  const first = errors[0];
  const code = first?.code?.toUpperCase();
  const status = response.status;
  const statusText = `${status} ${response.statusText || ""}`.trim();
  const name = ctx.repo ? familiarName(ctx.repo) : "";
  const pullDenied = () =>
    new NotFound(
      `pull access denied for ${name}, repository does not exist or may require 'docker login': ${first ? wireText(first) : "denied: requested access to the resource is denied"}`,
    );

  if (code === "MANIFEST_UNKNOWN" || (status === 404 && ctx.kind === "manifest" && !code)) {
    return new NotFound(`manifest for ${referenceText(ctx.repo!, ctx.reference)} not found: ${first ? wireText(first) : "manifest unknown: manifest unknown"}`);
  }
  if (code === "NAME_UNKNOWN") return new NotFound(`repository ${name} not found: ${wireText(first!)}`);
  if (code === "BLOB_UNKNOWN" || (status === 404 && ctx.kind === "blob")) {
    return new NotFound(first ? wireText(first) : "blob unknown: blob unknown to registry");
  }
  if (code === "DENIED" || status === 403) {
    if (!ctx.push && ctx.repo) return pullDenied();
    return new Forbidden(first ? wireText(first) : "denied: requested access to the resource is denied");
  }
  if (status === 401) {
    return new Unauthorized(first ? wireText(first) : "unauthorized: authentication required");
  }
  if (status === 404) return new NotFound(first ? wireText(first) : `${ctx.method} "${ctx.url}": not found`);
  if (status === 429) return new Unavailable(first ? wireText(first) : `toomanyrequests: ${ctx.method} "${ctx.url}": too many requests`);
  if (status >= 500) {
    return new Unavailable(`${ctx.method} "${ctx.url}": received unexpected HTTP status: ${statusText}${first ? ` (${wireText(first)})` : ""}`);
  }
  if (first && status >= 400) return new InvalidArgument(wireText(first));
  return new SystemError(`${ctx.method} "${ctx.url}": received unexpected HTTP status: ${statusText}`);
}

/**
 * The error for a 401 that survived authentication: a refused password reads as Docker Hub's
 * "incorrect username or password", a pull the token did not cover as Docker's "pull access denied".
 */
export function unauthorizedAfterAuth(ctx: ErrorContext, how: { scheme: string | undefined; hadCredentials: boolean }): BunkerError {
  const denied = "denied: requested access to the resource is denied";
  if (how.scheme === "bearer") {
    if (ctx.repo && !ctx.push && ctx.kind !== "ping") {
      return new NotFound(`pull access denied for ${familiarName(ctx.repo)}, repository does not exist or may require 'docker login': ${denied}`);
    }
    if (ctx.repo && ctx.push && how.hadCredentials) return new Forbidden(denied);
  }
  if (how.hadCredentials && how.scheme !== "bearer") return new Unauthorized("unauthorized: incorrect username or password");
  return new Unauthorized("unauthorized: authentication required");
}
