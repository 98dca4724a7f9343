import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TarWriter } from "../../../src/cli/tar-writer.ts";

async function streamed(w: TarWriter, chunkSize: number): Promise<{ bytes: Uint8Array; chunks: number[] }> {
  const chunks: number[] = [];
  const parts: Uint8Array[] = [];
  for await (const c of w.stream(chunkSize)) {
    chunks.push(c.length);
    parts.push(c);
  }
  return { bytes: Buffer.concat(parts), chunks };
}

describe("TarWriter.stream", () => {
  const dir = mkdtempSync(join(tmpdir(), "tarw-"));
  const big = join(dir, "big.bin");
  const small = join(dir, "small.txt");
  writeFileSync(big, Buffer.alloc(70_000, 7));
  writeFileSync(small, "hello\n");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function archive(): TarWriter {
    const w = new TarWriter();
    w.add({ name: "d", type: "dir", mode: 0o755, mtime: new Date(0) });
    w.add({ name: "d/big.bin", type: "file", mode: 0o644, mtime: new Date(0), size: 70_000 }, { path: big });
    w.add({ name: "d/small.txt", type: "file", mode: 0o644, mtime: new Date(0), size: 6 }, { path: small });
    w.add({ name: "inline", type: "file", mode: 0o600, mtime: new Date(0), size: 3 }, new TextEncoder().encode("abc"));
    return w;
  }

  test("gives the same bytes as bytes(), in chunks of the asked size (the last one shorter)", async () => {
    const w = archive();
    const whole = w.bytes();
    expect(whole.length).toBe(w.size);
    for (const size of [512, 4096, 65536, 1 << 20]) {
      const { bytes, chunks } = await streamed(w, size);
      expect(Buffer.compare(Buffer.from(bytes), Buffer.from(whole))).toBe(0);
      expect(chunks.slice(0, -1).every((n) => n === size)).toBe(true);
      expect(chunks.at(-1)!).toBeLessThanOrEqual(size);
    }
  });

  test("a file that shrank while the context was read fails the stream with its path", async () => {
    const w = archive();
    truncateSync(big, 1000);
    await expect(streamed(w, 4096)).rejects.toThrow(`${big} shrank while the build context was being read`);
    writeFileSync(big, Buffer.alloc(70_000, 7));
  });

});
