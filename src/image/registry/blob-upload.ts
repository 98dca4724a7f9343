import { SystemError } from "../../lib/index.ts";
import { DigestVerifier } from "./digest-verifier.ts";
import type { RegistrySession, SendOptions } from "./registry-session.ts";
import type { BlobDescriptor, RegistryCallOptions, RepositoryRef } from "./registry-types.ts";

export interface BlobUploadOptions extends RegistryCallOptions {
  /** Another repository on the same registry that has the blob: a cross-repository mount is tried first. */
  mountFrom?: string;
}

export interface BlobUploadResult {
  /** "exists": the registry had it; "mounted": mounted from another repository; "uploaded". */
  how: "exists" | "mounted" | "uploaded";
  digest: string;
}

/**
 * Pushes one blob: HEAD first (skip what the registry has), then a mount attempt when a source
 * repository is given (`POST …/blobs/uploads/?mount=&from=`, 201 = done), else a monolithic
 * upload (POST for a session, PUT of the whole body with `?digest=`).
 */
export async function uploadBlob(
  session: RegistrySession,
  repo: RepositoryRef,
  desc: BlobDescriptor,
  body: Blob | Uint8Array,
  opts: BlobUploadOptions = {},
): Promise<BlobUploadResult> {
  DigestVerifier.check(desc.digest);
  const [endpoint] = session.endpoints(repo.registryHost, true);
  if (!endpoint) throw new SystemError(`no endpoint for ${repo.registryHost}`);
  const push = [`repository:${repo.repository}:pull,push`];
  const base = { credentials: opts.credentials, signal: opts.signal } as const;
  const blobPath = `/v2/${repo.repository}/blobs/${desc.digest}`;

  const head = await session.sendTo(endpoint, {
    ...base, method: "HEAD", path: blobPath, scopes: push, ctx: { repo, kind: "blob", push: true }, accept: [404],
  });
  if (head.response.status === 200) return { how: "exists", digest: desc.digest };

  let start: SendOptions = {
    ...base,
    method: "POST",
    path: `/v2/${repo.repository}/blobs/uploads/`,
    scopes: push,
    ctx: { repo, kind: "upload", push: true },
  };
  if (opts.mountFrom && opts.mountFrom !== repo.repository) {
    const q = new URLSearchParams({ mount: desc.digest, from: opts.mountFrom });
    start = { ...start, path: `${start.path}?${q}`, scopes: [...push, `repository:${opts.mountFrom}:pull`] };
  }
  const started = await session.sendTo(endpoint, { ...start, headers: { "Content-Length": "0" } });
  await started.response.body?.cancel().catch(() => {});
  if (started.response.status === 201) return { how: "mounted", digest: desc.digest };
  const location = started.response.headers.get("location");
  if (!location) throw new SystemError(`registry ${endpoint.host} started an upload without a Location`);

  const target = new URL(location, started.url);
  target.searchParams.set("digest", desc.digest);
  const bytes = body instanceof Blob ? body.size : body.byteLength;
  const put = await session.sendTo(endpoint, {
    ...base,
    method: "PUT",
    path: target.toString(),
    headers: { "Content-Type": "application/octet-stream", "Content-Length": String(bytes) },
    body,
    scopes: push,
    ctx: { repo, kind: "upload", push: true },
  });
  await put.response.body?.cancel().catch(() => {});
  const said = put.response.headers.get("docker-content-digest");
  if (said && said !== desc.digest) throw new SystemError(`digest mismatch for ${desc.digest}: got ${said}`);
  return { how: "uploaded", digest: desc.digest };
}
