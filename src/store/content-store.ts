import { closeSync, fsyncSync, openSync } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { ContentMismatch, InvalidArgument, NotFound, SystemError } from "../lib/index.ts";

/** A blob's bytes as they arrive: a web stream or any async iterable of chunks (node streams). */
export type BlobSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export interface IngestOptions {
  /** The size the blob must have (from the manifest's descriptor). */
  expectedSize?: number;
  /**
   * The offset of the blob at which `stream` starts. The bytes before it must already be in
   * the partial file (ask `partialSize` first, then fetch the rest with a Range request).
   * Unset means 0: any partial file is discarded and the blob is written from its start.
   */
  resumeFrom?: number;
}

export interface BlobInfo {
  digest: string;
  size: number;
}

export interface GcResult {
  /** Blob digests removed. */
  removed: string[];
  /** Partial (ingest) files removed. */
  partials: number;
  freedBytes: number;
}

const DIGEST = /^sha256:([a-f0-9]{64})$/;
const PARTIAL = /^(sha256:[a-f0-9]{64})\.partial$/;
const READ_JSON_LIMIT = 16 * 1024 * 1024;
/** Partial files untouched this long are stale for gc (an interrupted pull may still resume). */
const DEFAULT_PARTIAL_MAX_AGE_MS = 24 * 60 * 60 * 1000;

function hexOf(digest: string): string {
  const m = DIGEST.exec(digest);
  if (!m) throw new InvalidArgument(`invalid digest ${JSON.stringify(digest)}: expected sha256:<64 lowercase hex digits>`);
  return m[1]!;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException)?.code === "ENOENT";
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

async function* chunksOf(source: BlobSource): AsyncGenerator<Uint8Array> {
  if (source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    yield* source;
  }
}

async function discard(source: BlobSource): Promise<void> {
  try {
    if (source instanceof ReadableStream) await source.cancel();
    else await source[Symbol.asyncIterator]().return?.();
  } catch {
    // the caller's stream may already be closed
  }
}

/**
 * Content-addressed blobs under `<dataRoot>/blobs/sha256/<hex>`. A blob arrives in
 * `<dataRoot>/ingest/<digest>.partial`, which is kept when the transfer breaks so the next
 * ingest can continue from its size; once the whole blob is there and its size and sha256
 * match, it is fsynced and renamed into place. A crash at any moment therefore leaves only
 * complete, verified blobs visible. Only one ingest per digest runs at a time in a process; a
 * second one waits and returns the first's blob.
 */
export class ContentStore {
  readonly blobsDir: string;
  readonly ingestDir: string;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(readonly dataRoot: string) {
    this.blobsDir = join(dataRoot, "blobs", "sha256");
    this.ingestDir = join(dataRoot, "ingest");
  }

  /** The path of a blob (whether or not it exists). */
  path(digest: string): string {
    return join(this.blobsDir, hexOf(digest));
  }

  partialPath(digest: string): string {
    hexOf(digest);
    return join(this.ingestDir, `${digest}.partial`);
  }

  async has(digest: string): Promise<boolean> {
    return (await this.size(digest)) !== undefined;
  }

  /** The blob's size, or undefined when the store does not hold it. */
  async size(digest: string): Promise<number | undefined> {
    try {
      return (await stat(this.path(digest))).size;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** How many bytes of `digest` an earlier, interrupted ingest kept (0 when none). */
  /** Drops what was kept of `digest` for a resume (it turned out wrong). */
  async discardPartial(digest: string): Promise<void> {
    await rm(this.partialPath(digest), { force: true });
  }

  async partialSize(digest: string): Promise<number> {
    try {
      return (await stat(this.partialPath(digest))).size;
    } catch (err) {
      if (isNotFound(err)) return 0;
      throw err;
    }
  }

  /** The blob's bytes, from `start` when given. */
  async open(digest: string, start = 0): Promise<ReadableStream<Uint8Array>> {
    const size = await this.size(digest);
    if (size === undefined) throw new NotFound(`blob ${digest} not found`);
    const file = Bun.file(this.path(digest));
    return (start > 0 ? file.slice(start) : file).stream();
  }

  async readJson<T = unknown>(digest: string): Promise<T> {
    const size = await this.size(digest);
    if (size === undefined) throw new NotFound(`blob ${digest} not found`);
    if (size > READ_JSON_LIMIT) throw new InvalidArgument(`blob ${digest} is ${size} bytes, too large to read as JSON`);
    const text = await Bun.file(this.path(digest)).text();
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new InvalidArgument(`blob ${digest} is not valid JSON: ${(err as Error).message}`);
    }
  }

  /** Store bytes made here (a manifest or config written by build, commit or load). */
  async write(data: Uint8Array | string): Promise<BlobInfo> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const digest = `sha256:${new Bun.CryptoHasher("sha256").update(bytes).digest("hex")}`;
    return this.ingest(digest, (async function* () { yield bytes; })(), { expectedSize: bytes.byteLength });
  }

  /**
   * Write a blob from `source`, verifying its size and digest. When the transfer fails the
   * partial file stays for a later `resumeFrom`; when the content is wrong (digest, or more
   * bytes than expected) it is removed and InvalidArgument names both digests.
   */
  async ingest(digest: string, source: BlobSource, opts: IngestOptions = {}): Promise<BlobInfo> {
    hexOf(digest);
    for (;;) {
      const running = this.inFlight.get(digest);
      if (!running) break;
      await running.catch(() => undefined);
    }
    // No await between the check above and the set below: the next caller sees this one.
    const work = this.ingestOnce(digest, source, opts);
    this.inFlight.set(digest, work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(digest);
    }
  }

  private async ingestOnce(digest: string, source: BlobSource, opts: IngestOptions): Promise<BlobInfo> {
    const existing = await this.size(digest);
    if (existing !== undefined) {
      await discard(source);
      if (opts.expectedSize !== undefined && existing !== opts.expectedSize) {
        throw new InvalidArgument(`blob ${digest} is ${existing} bytes in the store, but ${opts.expectedSize} were expected`);
      }
      return { digest, size: existing };
    }
    return this.ingestNew(digest, source, opts);
  }

  private async ingestNew(digest: string, source: BlobSource, opts: IngestOptions): Promise<BlobInfo> {
    const { expectedSize } = opts;
    const resumeFrom = opts.resumeFrom ?? 0;
    if (!Number.isSafeInteger(resumeFrom) || resumeFrom < 0) throw new InvalidArgument(`invalid resume offset ${resumeFrom}`);
    if (expectedSize !== undefined && (!Number.isSafeInteger(expectedSize) || expectedSize < 0)) throw new InvalidArgument(`invalid expected size ${expectedSize}`);
    await mkdir(this.ingestDir, { recursive: true, mode: 0o700 });
    await mkdir(this.blobsDir, { recursive: true, mode: 0o700 });
    const partial = this.partialPath(digest);
    const kept = await this.partialSize(digest);
    if (resumeFrom > kept) {
      await discard(source);
      throw new InvalidArgument(`cannot resume ${digest} at byte ${resumeFrom}: only ${kept} bytes were kept`);
    }
    if (expectedSize !== undefined && resumeFrom > expectedSize) {
      await discard(source);
      throw new InvalidArgument(`cannot resume ${digest} at byte ${resumeFrom}: the blob is ${expectedSize} bytes`);
    }
    if (kept > resumeFrom) await truncate(partial, resumeFrom);

    const hasher = new Bun.CryptoHasher("sha256");
    if (resumeFrom > 0) {
      // The hash state is not kept across processes: read the kept bytes again.
      for await (const chunk of chunksOf(Bun.file(partial).slice(0, resumeFrom).stream())) hasher.update(chunk);
    }
    let size = resumeFrom;
    const file = await open(partial, resumeFrom > 0 ? "r+" : "w", 0o600);
    let wrong: string | undefined;
    try {
      for await (const chunk of chunksOf(source)) {
        if (expectedSize !== undefined && size + chunk.byteLength > expectedSize) {
          wrong = `blob ${digest} is larger than the expected ${expectedSize} bytes`;
          break;
        }
        let off = 0;
        while (off < chunk.byteLength) {
          const { bytesWritten } = await file.write(chunk, off, chunk.byteLength - off, size + off);
          off += bytesWritten;
        }
        hasher.update(chunk);
        size += chunk.byteLength;
      }
      if (wrong === undefined) await file.sync();
    } catch (err) {
      // The source found its bytes wrong (a registry stream checks the digest at its end): a
      // partial file of them would only fail every later resume the same way.
      if (err instanceof ContentMismatch) {
        await file.close();
        await rm(partial, { force: true });
      }
      throw err;
    } finally {
      await file.close().catch(() => undefined);
    }
    if (wrong !== undefined) {
      await discard(source);
      await rm(partial, { force: true });
      throw new InvalidArgument(`digest mismatch: ${wrong}; expected ${digest}`);
    }
    if (expectedSize !== undefined && size < expectedSize) {
      // The stream ended early: keep what arrived so the next ingest resumes from here.
      throw new SystemError(`blob ${digest} is incomplete: ${size} of ${expectedSize} bytes arrived`);
    }
    const actual = `sha256:${hasher.digest("hex")}`;
    if (actual !== digest) {
      await rm(partial, { force: true });
      throw new InvalidArgument(`digest mismatch: expected ${digest}, got ${actual} (${size} bytes)`);
    }
    await rename(partial, this.path(digest));
    fsyncPath(this.blobsDir);
    return { digest, size };
  }

  /** Remove a blob; false when it was not there. */
  async delete(digest: string): Promise<boolean> {
    const path = this.path(digest);
    try {
      await stat(path);
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    await rm(path, { force: true });
    return true;
  }

  /** Every blob digest in the store. */
  async list(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.blobsDir);
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
    return names.filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`).sort();
  }

  /**
   * Remove every blob not in `live`, and partial files no ingest is writing that were left
   * untouched for `partialMaxAgeMs` (default a day; 0 removes all of them). Blobs being
   * ingested are left alone; the engine must keep a pull's new blobs in `live` (or hold off gc)
   * until its image is recorded.
   */
  async gc(live: Set<string>, opts: { partialMaxAgeMs?: number } = {}): Promise<GcResult> {
    const maxAge = opts.partialMaxAgeMs ?? DEFAULT_PARTIAL_MAX_AGE_MS;
    const result: GcResult = { removed: [], partials: 0, freedBytes: 0 };
    for (const digest of await this.list()) {
      if (live.has(digest) || this.inFlight.has(digest)) continue;
      const size = (await this.size(digest)) ?? 0;
      if (await this.delete(digest)) {
        result.removed.push(digest);
        result.freedBytes += size;
      }
    }
    let names: string[] = [];
    try {
      names = await readdir(this.ingestDir);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const now = Date.now();
    for (const name of names) {
      const m = PARTIAL.exec(name);
      if (!m || this.inFlight.has(m[1]!)) continue;
      const path = join(this.ingestDir, name);
      try {
        const st = await stat(path);
        if (now - st.mtimeMs < maxAge) continue;
        await rm(path, { force: true });
        result.partials++;
        result.freedBytes += st.size;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    return result;
  }
}
