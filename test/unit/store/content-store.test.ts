import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { InvalidArgument, NotFound } from "../../../src/lib/index.ts";
import { ContentStore } from "../../../src/store/index.ts";
import { blobBytes, sha256 } from "./_blob-bytes.ts";

const base = mkdtempSync(join(tmpdir(), "bunker-cs-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshStore = () => new ContentStore(join(base, `root${n++}`));

async function* chunks(bytes: Uint8Array, size = 1000, failAt?: number): AsyncGenerator<Uint8Array> {
  for (let off = 0; off < bytes.length; off += size) {
    if (failAt !== undefined && off >= failAt) throw new Error("connection reset");
    yield bytes.subarray(off, off + size);
  }
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("ContentStore", () => {
  test("write, has, size, open, readJson, list, delete", async () => {
    const s = freshStore();
    const doc = JSON.stringify({ schemaVersion: 2, hello: "world" });
    const { digest, size } = await s.write(doc);
    expect(digest).toBe(sha256(doc));
    expect(size).toBe(doc.length);
    expect(await s.has(digest)).toBe(true);
    expect(await s.size(digest)).toBe(doc.length);
    expect(await text(await s.open(digest))).toBe(doc);
    expect(await text(await s.open(digest, 5))).toBe(doc.slice(5));
    expect(await s.readJson(digest)).toEqual({ schemaVersion: 2, hello: "world" });
    expect(await s.list()).toEqual([digest]);
    expect(readFileSync(join(s.dataRoot, "blobs/sha256", digest.slice(7)), "utf8")).toBe(doc);
    expect(await s.delete(digest)).toBe(true);
    expect(await s.delete(digest)).toBe(false);
    expect(await s.has(digest)).toBe(false);
    expect(await s.size(digest)).toBeUndefined();
    await expect(s.open(digest)).rejects.toBeInstanceOf(NotFound);
    await expect(s.readJson(digest)).rejects.toBeInstanceOf(NotFound);
  });

  test("readJson of a blob that is not JSON is InvalidArgument", async () => {
    const s = freshStore();
    const { digest } = await s.write("not json");
    await expect(s.readJson(digest)).rejects.toThrow(/is not valid JSON/);
  });

  test("invalid digests are refused before touching the disk", async () => {
    const s = freshStore();
    for (const bad of ["", "sha256:abc", "sha256:../../etc/passwd", `sha512:${"a".repeat(128)}`, `SHA256:${"a".repeat(64)}`, `sha256:${"A".repeat(64)}`]) {
      await expect(s.ingest(bad, chunks(new Uint8Array(1)))).rejects.toBeInstanceOf(InvalidArgument);
      await expect(s.has(bad)).rejects.toBeInstanceOf(InvalidArgument);
    }
    expect(existsSync(s.dataRoot)).toBe(false);
  });

  test("a web ReadableStream and a node Readable are both accepted", async () => {
    const s = freshStore();
    const a = blobBytes(100_000);
    expect(await s.ingest(sha256(a), new Blob([a]).stream(), { expectedSize: a.length })).toEqual({ digest: sha256(a), size: a.length });
    const b = blobBytes(70_001);
    await s.ingest(sha256(b), Readable.from([Buffer.from(b.subarray(0, 5)), Buffer.from(b.subarray(5))]));
    expect(new Uint8Array(readFileSync(s.path(sha256(b))))).toEqual(b);
  });

  test("a digest mismatch removes the partial and names both digests", async () => {
    const s = freshStore();
    const bytes = blobBytes(5000);
    const claimed = sha256("something else");
    const err = await s.ingest(claimed, chunks(bytes)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgument);
    expect((err as Error).message).toContain(claimed);
    expect((err as Error).message).toContain(sha256(bytes));
    expect(await s.has(claimed)).toBe(false);
    expect(await s.partialSize(claimed)).toBe(0);
    expect(readdirSync(s.blobsDir)).toEqual([]);
    expect(readdirSync(s.ingestDir)).toEqual([]);
  });

  test("more bytes than the expected size is a mismatch; a matching digest with a wrong expected size too", async () => {
    const s = freshStore();
    const bytes = blobBytes(5000);
    await expect(s.ingest(sha256(bytes), chunks(bytes), { expectedSize: 4000 })).rejects.toThrow(/larger than the expected 4000 bytes/);
    expect(await s.partialSize(sha256(bytes))).toBe(0);
    await s.ingest(sha256(bytes), chunks(bytes));
    await expect(s.ingest(sha256(bytes), chunks(bytes), { expectedSize: 4999 })).rejects.toThrow(/5000 bytes in the store, but 4999/);
  });

  test("a broken transfer keeps the partial; the next ingest resumes from its size", async () => {
    const s = freshStore();
    const bytes = blobBytes(50_000);
    const digest = sha256(bytes);
    await expect(s.ingest(digest, chunks(bytes, 1000, 20_000), { expectedSize: bytes.length })).rejects.toThrow("connection reset");
    expect(await s.has(digest)).toBe(false);
    const kept = await s.partialSize(digest);
    expect(kept).toBe(20_000);
    await expect(s.ingest(digest, chunks(bytes.subarray(30_000)), { resumeFrom: 30_000 })).rejects.toThrow(/only 20000 bytes were kept/);
    expect(await s.partialSize(digest)).toBe(20_000);
    const info = await s.ingest(digest, chunks(bytes.subarray(kept), 777), { resumeFrom: kept, expectedSize: bytes.length });
    expect(info).toEqual({ digest, size: bytes.length });
    expect(new Uint8Array(readFileSync(s.path(digest)))).toEqual(bytes);
    expect(await s.partialSize(digest)).toBe(0);
  });

  test("a stream that ends early keeps the partial; resuming from less than was kept rewrites the rest", async () => {
    const s = freshStore();
    const bytes = blobBytes(30_000);
    const digest = sha256(bytes);
    await expect(s.ingest(digest, chunks(bytes.subarray(0, 12_000)), { expectedSize: bytes.length })).rejects.toThrow(/incomplete: 12000 of 30000 bytes/);
    expect(await s.partialSize(digest)).toBe(12_000);
    // Corrupt the kept bytes past 10000: resuming from 10000 must overwrite them.
    writeFileSync(s.partialPath(digest), new Uint8Array(2000), { flag: "r+" });
    const f = Bun.file(s.partialPath(digest));
    expect(f.size).toBe(12_000);
    await expect(s.ingest(digest, chunks(bytes.subarray(10_000)), { resumeFrom: 10_000 })).rejects.toThrow(/digest mismatch/);
    // The mismatch was the zeroed first 2000 bytes: the partial is gone, start again.
    expect(await s.partialSize(digest)).toBe(0);
    await s.ingest(digest, chunks(bytes.subarray(0, 12_000)), { expectedSize: bytes.length }).catch(() => undefined);
    writeFileSync(join(s.ingestDir, "junk"), "x");
    await s.ingest(digest, chunks(bytes.subarray(10_000)), { resumeFrom: 10_000, expectedSize: bytes.length });
    expect(new Uint8Array(readFileSync(s.path(digest)))).toEqual(bytes);
  });

  test("without resumeFrom a kept partial is discarded and the blob written from the start", async () => {
    const s = freshStore();
    const bytes = blobBytes(9000);
    const digest = sha256(bytes);
    mkdirSync(s.ingestDir, { recursive: true });
    writeFileSync(s.partialPath(digest), new Uint8Array(20_000).fill(1));
    await s.ingest(digest, chunks(bytes));
    expect(new Uint8Array(readFileSync(s.path(digest)))).toEqual(bytes);
  });

  test("two ingests of one digest at once: one writes, the other waits and gets the blob", async () => {
    const s = freshStore();
    const bytes = blobBytes(200_000);
    const digest = sha256(bytes);
    let secondRead = 0;
    async function* second(): AsyncGenerator<Uint8Array> {
      secondRead++;
      yield bytes;
    }
    async function* slow(): AsyncGenerator<Uint8Array> {
      for (let off = 0; off < bytes.length; off += 50_000) {
        await Bun.sleep(5);
        yield bytes.subarray(off, off + 50_000);
      }
    }
    const [a, b] = await Promise.all([s.ingest(digest, slow()), s.ingest(digest, second())]);
    expect(a).toEqual({ digest, size: bytes.length });
    expect(b).toEqual(a);
    expect(secondRead).toBe(0);
    expect(await s.has(digest)).toBe(true);
  });

  test("gc removes unreferenced blobs and stale partials, keeps live ones, counts freed bytes", async () => {
    const s = freshStore();
    const keep = await s.write("keep me");
    const drop1 = await s.write("drop " + "x".repeat(100));
    const drop2 = await s.write("drop two");
    const staleBytes = blobBytes(3000);
    await s.ingest(sha256(staleBytes), chunks(staleBytes, 1000, 2000)).catch(() => undefined);
    const freshBytes = blobBytes(4000);
    await s.ingest(sha256(freshBytes), chunks(freshBytes, 1000, 1000)).catch(() => undefined);
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    utimesSync(s.partialPath(sha256(staleBytes)), old, old);
    const r = await s.gc(new Set([keep.digest]));
    expect(r.removed.sort()).toEqual([drop1.digest, drop2.digest].sort());
    expect(r.partials).toBe(1);
    expect(r.freedBytes).toBe(drop1.size + drop2.size + 2000);
    expect(await s.list()).toEqual([keep.digest]);
    expect(await s.partialSize(sha256(freshBytes))).toBe(1000);
    const r2 = await s.gc(new Set([keep.digest]), { partialMaxAgeMs: 0 });
    expect(r2).toEqual({ removed: [], partials: 1, freedBytes: 1000 });
    expect(await s.gc(new Set())).toMatchObject({ removed: [keep.digest], freedBytes: keep.size });
  });

  test("gc on an empty data root does nothing", async () => {
    expect(await freshStore().gc(new Set())).toEqual({ removed: [], partials: 0, freedBytes: 0 });
  });

  test("a process killed mid-ingest leaves no blob visible, and the next ingest resumes", async () => {
    const s = freshStore();
    const size = 3 * 1024 * 1024;
    const bytes = blobBytes(size);
    const digest = sha256(bytes);
    const child = Bun.spawn([process.execPath, join(import.meta.dir, "_ingest-child.ts"), s.dataRoot, digest, String(size)], { stdout: "pipe", stderr: "pipe" });
    const deadline = Date.now() + 20_000;
    while ((await s.partialSize(digest)) < 512 * 1024) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`child did not get going: exit ${child.exitCode} ${await new Response(child.stderr).text()}`);
      await Bun.sleep(10);
    }
    child.kill("SIGKILL");
    expect(await child.exited).not.toBe(0);
    expect(await s.has(digest)).toBe(false);
    expect(readdirSync(s.blobsDir)).toEqual([]);
    const kept = await s.partialSize(digest);
    expect(kept).toBeGreaterThanOrEqual(512 * 1024);
    expect(kept).toBeLessThan(size);
    const info = await s.ingest(digest, chunks(bytes.subarray(kept), 65_536), { resumeFrom: kept, expectedSize: size });
    expect(info).toEqual({ digest, size });
    expect(sha256(new Uint8Array(readFileSync(s.path(digest))))).toBe(digest);
    expect(readdirSync(s.ingestDir)).toEqual([]);
  });
});
