import { InvalidArgument, SystemError, Unauthorized } from "../../lib/index.ts";
import { openBlobStream, type BlobDownloadOptions } from "./blob-download.ts";
import { uploadBlob, type BlobUploadOptions, type BlobUploadResult } from "./blob-upload.ts";
import { DigestVerifier } from "./digest-verifier.ts";
import { manifestAccept } from "../media-types.ts";
import { unauthorizedAfterAuth } from "./registry-error.ts";
import { registryFetch } from "./registry-fetch.ts";
import type { RegistryEndpoint } from "./registry-endpoints.ts";
import { RegistrySession, type SendResult } from "./registry-session.ts";
import type {
  BlobDescriptor,
  BlobHeadResult,
  ManifestHeadResult,
  ManifestResult,
  PingResult,
  RegistryCallOptions,
  RegistryClientOptions,
  RegistryCredentials,
  RepositoryRef,
} from "./registry-types.ts";

const isDigest = (reference: string) => reference.includes(":");

function checkReference(reference: string): void {
  if (isDigest(reference)) DigestVerifier.check(reference);
  else if (!/^[\w][\w.-]{0,127}$/.test(reference)) throw new InvalidArgument(`invalid tag format: ${JSON.stringify(reference)}`);
}

/**
 * A distribution-spec v2 registry client: ping, manifests, blobs, uploads, tags, with Docker's
 * auth flows, mirrors, insecure registries, retries and digest checks. One instance may be shared:
 * it keeps auth challenges and bearer tokens per registry and scope.
 */
export class RegistryClient {
  readonly session: RegistrySession;

  constructor(options: RegistryClientOptions = {}) {
    this.session = new RegistrySession(options);
  }

  /** `GET /v2/`: whether the registry answers, and which auth it asks for. */
  async ping(registryHost: string, opts: RegistryCallOptions = {}): Promise<PingResult> {
    const result = await this.session.send(registryHost, {
      method: "GET", path: "/v2/", scopes: [], signal: opts.signal, ctx: { kind: "ping" }, accept: [401],
    });
    const schemes: string[] = [];
    if (result.response.status === 401) {
      this.session.authorizer.learn(result.endpoint, result.response);
      const scheme = this.session.authorizer.schemeOf(result.endpoint);
      if (scheme) schemes.push(scheme);
    }
    await result.response.body?.cancel().catch(() => {});
    return { url: result.endpoint.baseUrl, authSchemes: schemes };
  }

  /**
   * Checks credentials against a registry, as `docker login` does: ping, answer the challenge with
   * them, and expect `/v2/` to open. Throws Unauthorized ("incorrect username or password").
   */
  async login(registryHost: string, credentials: RegistryCredentials, opts: { signal?: AbortSignal } = {}): Promise<void> {
    const [endpoint] = this.session.endpoints(registryHost, true);
    if (!endpoint) throw new SystemError(`no endpoint for ${registryHost}`);
    const first = await registryFetch(`${endpoint.baseUrl}/v2/`, { method: "GET" }, this.session.policy(opts.signal));
    if (first.response.status !== 401) {
      await first.response.body?.cancel().catch(() => {});
      return;
    }
    this.session.authorizer.learn(endpoint, first.response);
    await first.response.body?.cancel().catch(() => {});
    const decision = await this.session.authorizer.authorize(endpoint, [], credentials, { fresh: true, signal: opts.signal });
    if (!decision.header) throw new Unauthorized("unauthorized: authentication required");
    const second = await registryFetch(`${endpoint.baseUrl}/v2/`, { method: "GET", headers: { Authorization: decision.header } }, this.session.policy(opts.signal));
    await second.response.body?.cancel().catch(() => {});
    if (second.response.status === 401) {
      throw unauthorizedAfterAuth({ kind: "ping", method: "Get", url: `${endpoint.baseUrl}/v2/` }, { scheme: decision.scheme, hadCredentials: true });
    }
  }

  /** A manifest request (GET or HEAD) by tag or digest, with the schema 2 and OCI Accept list. */
  private manifestRequest(method: "GET" | "HEAD", repo: RepositoryRef, reference: string, opts: RegistryCallOptions) {
    return this.session.send(repo.registryHost, {
      method,
      path: `/v2/${repo.repository}/manifests/${reference}`,
      headers: { Accept: manifestAccept },
      scopes: [`repository:${repo.repository}:pull`],
      credentials: opts.credentials,
      signal: opts.signal,
      ctx: { repo, reference, kind: "manifest" },
    });
  }

  /** GET a manifest by tag or digest, with the schema 2 and OCI Accept list; its digest is verified. */
  async getManifest(repo: RepositoryRef, reference: string, opts: RegistryCallOptions = {}): Promise<ManifestResult> {
    checkReference(reference);
    const result = await this.manifestRequest("GET", repo, reference, opts);
    const bytes = new Uint8Array(await result.response.arrayBuffer());
    const said = result.response.headers.get("docker-content-digest") ?? undefined;
    const expected = isDigest(reference) ? reference : said;
    const digest = DigestVerifier.of(bytes, expected ?? "sha256:");
    if (expected && digest !== expected) throw new SystemError(`digest mismatch for ${expected}: got ${digest}`);
    if (said && isDigest(reference) && said !== reference && said.startsWith(reference.split(":")[0]!)) {
      throw new SystemError(`digest mismatch for ${reference}: got ${said}`);
    }
    let mediaType = (result.response.headers.get("content-type") ?? "").split(";")[0]!.trim();
    if (!mediaType || mediaType === "application/json" || mediaType === "text/plain") {
      try {
        const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: unknown };
        if (typeof parsed.mediaType === "string") mediaType = parsed.mediaType;
      } catch {
        // left to the manifest parser to refuse
      }
    }
    return { mediaType, digest, size: bytes.byteLength, bytes };
  }

  /** HEAD a manifest: its digest, type and size, without the body. NotFound when absent. */
  async headManifest(repo: RepositoryRef, reference: string, opts: RegistryCallOptions = {}): Promise<ManifestHeadResult> {
    checkReference(reference);
    const result = await this.manifestRequest("HEAD", repo, reference, opts);
    const digest = result.response.headers.get("docker-content-digest");
    if (!digest) {
      // Some registries leave the digest out of HEAD: fall back to GET, which computes it.
      const full = await this.getManifest(repo, reference, opts);
      return { mediaType: full.mediaType, digest: full.digest, size: full.size };
    }
    return {
      mediaType: (result.response.headers.get("content-type") ?? "").split(";")[0]!.trim(),
      digest,
      size: Number(result.response.headers.get("content-length") ?? 0),
    };
  }

  /** PUT a manifest under a tag or digest; returns its digest, checked against the registry's. */
  async putManifest(repo: RepositoryRef, reference: string, bytes: Uint8Array, mediaType: string, opts: RegistryCallOptions = {}): Promise<string> {
    checkReference(reference);
    const digest = DigestVerifier.of(bytes);
    if (isDigest(reference) && reference !== digest) throw new InvalidArgument(`digest mismatch for ${reference}: got ${digest}`);
    const [endpoint] = this.session.endpoints(repo.registryHost, true);
    if (!endpoint) throw new SystemError(`no endpoint for ${repo.registryHost}`);
    const result = await this.session.sendTo(endpoint, {
      method: "PUT",
      path: `/v2/${repo.repository}/manifests/${reference}`,
      headers: { "Content-Type": mediaType },
      body: bytes,
      scopes: [`repository:${repo.repository}:pull,push`],
      credentials: opts.credentials,
      signal: opts.signal,
      ctx: { repo, reference, kind: "manifest", push: true },
    });
    await result.response.body?.cancel().catch(() => {});
    const said = result.response.headers.get("docker-content-digest");
    if (said && said !== digest) throw new SystemError(`digest mismatch for ${digest}: got ${said}`);
    return digest;
  }

  /** HEAD a blob: its size when present; NotFound when absent. */
  async headBlob(repo: RepositoryRef, digest: string, opts: RegistryCallOptions = {}): Promise<BlobHeadResult> {
    DigestVerifier.check(digest);
    const result = await this.session.send(repo.registryHost, {
      method: "HEAD",
      path: `/v2/${repo.repository}/blobs/${digest}`,
      scopes: [`repository:${repo.repository}:pull`],
      credentials: opts.credentials,
      signal: opts.signal,
      ctx: { repo, kind: "blob" },
    });
    return { digest, size: Number(result.response.headers.get("content-length") ?? 0) };
  }

  /** A blob as a stream (see openBlobStream: redirects, Range resume, digest verified at the end). */
  blobStream(repo: RepositoryRef, desc: BlobDescriptor, opts: BlobDownloadOptions = {}): Promise<ReadableStream<Uint8Array>> {
    return openBlobStream(this.session, repo, desc, opts);
  }

  /** A small blob (a config) read whole, verified. */
  async getBlob(repo: RepositoryRef, desc: BlobDescriptor, opts: BlobDownloadOptions = {}): Promise<Uint8Array> {
    const stream = await openBlobStream(this.session, repo, desc, opts);
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** Pushes a blob (skipped when present, mounted when `mountFrom` has it, else uploaded whole). */
  pushBlob(repo: RepositoryRef, desc: BlobDescriptor, body: Blob | Uint8Array, opts: BlobUploadOptions = {}): Promise<BlobUploadResult> {
    return uploadBlob(this.session, repo, desc, body, opts);
  }

  /** All tags of a repository, following the Link header's pages. */
  async listTags(repo: RepositoryRef, opts: RegistryCallOptions & { pageSize?: number } = {}): Promise<string[]> {
    const tags: string[] = [];
    let path: string | undefined = `/v2/${repo.repository}/tags/list${opts.pageSize ? `?n=${opts.pageSize}` : ""}`;
    let endpoint: RegistryEndpoint | undefined;
    for (let page = 0; path && page < 10_000; page++) {
      const send = {
        method: "GET",
        path,
        scopes: [`repository:${repo.repository}:pull`],
        credentials: opts.credentials,
        signal: opts.signal,
        ctx: { repo, kind: "tags" as const },
      };
      const result: SendResult = endpoint ? await this.session.sendTo(endpoint, send) : await this.session.send(repo.registryHost, send);
      endpoint = result.endpoint;
      const body = (await result.response.json()) as { tags?: unknown };
      if (Array.isArray(body.tags)) for (const t of body.tags) if (typeof t === "string") tags.push(t);
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(result.response.headers.get("link") ?? "");
      path = next ? new URL(next[1]!, result.url).toString() : undefined;
    }
    return tags;
  }
}
