import { InvalidArgument, log, SystemError, Unavailable } from "../../lib/index.ts";
import { DigestVerifier } from "./digest-verifier.ts";
import type { RegistryEndpoint } from "./registry-endpoints.ts";
import type { RegistrySession, SendOptions } from "./registry-session.ts";
import type { BlobDescriptor, RegistryCallOptions, RepositoryRef } from "./registry-types.ts";

export interface BlobDownloadOptions extends RegistryCallOptions {
  /** What an earlier try already saved of this blob: it is hashed, and only the rest is fetched (Range). */
  have?: Blob;
  /** Progress as bytes arrive: bytes so far (counting `have`), and the total when known. */
  onProgress?: (bytes: number, total: number | undefined) => void;
  /** Resumes after a broken or stalled connection (default 3). */
  resumes?: number;
}

type Reader = { read(): Promise<ReadResult>; cancel(reason?: unknown): Promise<void> };
type ReadResult = { done: true; value?: undefined } | { done: false; value: Uint8Array };

interface OpenBody {
  reader: Reader;
  /** Bytes to drop from the front: the server ignored Range and sent the whole blob. */
  skip: number;
  total: number | undefined;
}

async function readWithin(reader: Reader, ms: number): Promise<ReadResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reader.cancel().catch(() => {});
      reject(new Error(`no data for ${ms}ms`));
    }, ms);
  });
  try {
    return await Promise.race([reader.read(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Streams a blob: GET (through mirrors for docker.io), redirects followed, a broken connection
 * resumed with Range from the last byte received, and the digest (and size, when known) checked
 * at the end; a mismatch errors the stream ("digest mismatch for …: got …") instead of closing it,
 * so a consumer that commits only on a clean end never keeps bad content. Errors of the first
 * request reject the returned promise.
 */
export async function openBlobStream(
  session: RegistrySession,
  repo: RepositoryRef,
  desc: BlobDescriptor,
  opts: BlobDownloadOptions = {},
): Promise<ReadableStream<Uint8Array>> {
  const verifier = new DigestVerifier(desc.digest);
  let offset = 0;
  if (opts.have && opts.have.size > 0) {
    if (desc.size !== undefined && opts.have.size > desc.size) {
      throw new InvalidArgument(`blob ${desc.digest}: ${opts.have.size} bytes already held, more than its size ${desc.size}`);
    }
    for await (const chunk of opts.have.stream()) verifier.update(chunk);
    offset = opts.have.size;
  }
  const policy = session.policy(opts.signal);
  if (desc.size !== undefined && offset === desc.size) {
    verifier.verify();
    return new ReadableStream({ start: (c) => c.close() });
  }

  let endpoint: RegistryEndpoint | undefined;
  const open = async (): Promise<OpenBody> => {
    const send: SendOptions = {
      method: "GET",
      path: `/v2/${repo.repository}/blobs/${desc.digest}`,
      headers: offset > 0 ? { Range: `bytes=${offset}-` } : {},
      scopes: [`repository:${repo.repository}:pull`],
      credentials: opts.credentials,
      signal: opts.signal,
      ctx: { repo, kind: "blob" },
    };
    const result = endpoint ? await session.sendTo(endpoint, send) : await session.send(repo.registryHost, send);
    endpoint = result.endpoint;
    const res = result.response;
    if (!res.body) throw new SystemError(`blob ${desc.digest}: the registry sent no body`);
    const length = Number(res.headers.get("content-length") ?? NaN);
    let skip = 0;
    let total = desc.size;
    if (res.status === 206) {
      const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers.get("content-range") ?? "");
      if (!m || Number(m[1]) !== offset) {
        await res.body.cancel().catch(() => {});
        throw new SystemError(`blob ${desc.digest}: asked for bytes from ${offset}, got range ${JSON.stringify(res.headers.get("content-range"))}`);
      }
      if (total === undefined && m[3] !== "*") total = Number(m[3]);
    } else {
      skip = offset;
      if (total === undefined && Number.isFinite(length)) total = length;
    }
    if (total === undefined && res.status === 206 && Number.isFinite(length)) total = offset + length;
    return { reader: res.body.getReader() as unknown as Reader, skip, total };
  };

  let current = await open();
  let resumesLeft = opts.resumes ?? 3;
  let delay = policy.backoffMs;
  const resume = async (why: string) => {
    if (opts.signal?.aborted) throw opts.signal.reason;
    if (resumesLeft-- <= 0) {
      throw new Unavailable(`blob ${desc.digest}: download interrupted at byte ${offset}: ${why}`);
    }
    log.info("resuming blob download", { digest: desc.digest, offset, reason: why });
    await current.reader.cancel().catch(() => {});
    await Bun.sleep(delay);
    delay *= 2;
    current = await open();
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        let r: ReadResult;
        try {
          r = await readWithin(current.reader, policy.timeoutMs);
        } catch (err) {
          await resume(err instanceof Error ? err.message : String(err));
          continue;
        }
        if (r.done) {
          if (desc.size !== undefined && offset < desc.size) {
            await resume(`connection closed after ${offset} of ${desc.size} bytes`);
            continue;
          }
          verifier.verify();
          controller.close();
          return;
        }
        let chunk = r.value;
        if (current.skip > 0) {
          const n = Math.min(current.skip, chunk.length);
          chunk = chunk.subarray(n);
          current.skip -= n;
          if (chunk.length === 0) continue;
        }
        if (desc.size !== undefined && offset + chunk.length > desc.size) {
          await current.reader.cancel().catch(() => {});
          throw new SystemError(`blob ${desc.digest}: more data than its size of ${desc.size} bytes`);
        }
        verifier.update(chunk);
        offset += chunk.length;
        opts.onProgress?.(offset, current.total);
        controller.enqueue(chunk);
        return;
      }
    },
    async cancel(reason) {
      await current.reader.cancel(reason).catch(() => {});
    },
  });
}
