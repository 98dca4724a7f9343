/**
 * A layer's bytes, decompressed: the compression is told by the magic bytes (gzip 1f 8b,
 * zstd 28 b5 2f fd), anything else is taken as a plain tar. Bun's node:zlib does both.
 */
import { Readable, pipeline } from "node:stream";
import zlib from "node:zlib";
import { InvalidArgument } from "../../lib/index.ts";
import { ZstdFrameWalker } from "./_zstd-frames.ts";

export type LayerCompression = "gzip" | "zstd" | "none";

const OUTPUT_CHUNK = 256 * 1024;
const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const OTHERS: [string, number[]][] = [
  ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ["bzip2", [0x42, 0x5a, 0x68]],
];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

/** The compression of a stream that starts with `head`. Throws for known but unsupported ones. */
export function detectCompression(head: Uint8Array, layer: string): LayerCompression {
  if (startsWith(head, GZIP)) return "gzip";
  if (startsWith(head, ZSTD)) return "zstd";
  for (const [name, magic] of OTHERS) {
    if (startsWith(head, magic)) throw new InvalidArgument(`layer ${layer}: ${name} compression is not supported (gzip, zstd or plain tar)`);
  }
  return "none";
}

function toIterable(input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  return input as AsyncIterable<Uint8Array>; // Bun's ReadableStream is async-iterable
}

/** Reads the first bytes (at least 6 when the stream has them) and hands back the rest too. */
async function peek(input: AsyncIterable<Uint8Array>): Promise<{ head: Uint8Array; rest: AsyncIterator<Uint8Array>; ended: boolean }> {
  const it = input[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let n = 0;
  while (n < 6) {
    const r = await it.next();
    if (r.done) return { head: Buffer.concat(parts), rest: it, ended: true };
    parts.push(r.value);
    n += r.value.length;
  }
  return { head: Buffer.concat(parts), rest: it, ended: false };
}

/**
 * The uncompressed bytes of `input`, and what the compression was (known once the first chunk
 * has been yielded). Errors of the compressed stream become InvalidArgument naming the layer.
 */
export function decompressLayer(input: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, layer: string) {
  const info = { compression: "none" as LayerCompression };
  async function* run(): AsyncGenerator<Uint8Array> {
    const { head, rest, ended } = await peek(toIterable(input));
    const compression = detectCompression(head, layer);
    info.compression = compression;
    async function* all(): AsyncGenerator<Uint8Array> {
      if (head.length) yield head;
      if (ended) return;
      for (;;) {
        const r = await rest.next();
        if (r.done) return;
        yield r.value;
      }
    }
    if (compression === "none") {
      yield* all();
      return;
    }
    const walker = compression === "zstd" ? new ZstdFrameWalker() : undefined;
    async function* checked(): AsyncGenerator<Uint8Array> {
      for await (const chunk of all()) {
        if (walker) {
          try {
            walker.push(chunk);
          } catch (err) {
            throw new InvalidArgument(`layer ${layer}: corrupt zstd stream: ${(err as Error).message}`);
          }
        }
        yield chunk;
      }
      if (walker) {
        try {
          walker.finish();
        } catch (err) {
          throw new InvalidArgument(`layer ${layer}: ${(err as Error).message}`);
        }
      }
    }
    // Output in big pieces: every chunk costs a trip through the streams, the tar parser and
    // a write(2) per file it touches; zlib's default of 16 KiB makes that the larger cost.
    const inflate = compression === "gzip" ? zlib.createGunzip({ chunkSize: OUTPUT_CHUNK }) : zlib.createZstdDecompress({ chunkSize: OUTPUT_CHUNK });
    const source = Readable.from(checked(), { objectMode: false });
    pipeline(source, inflate, () => {});
    try {
      for await (const chunk of inflate as AsyncIterable<Uint8Array>) yield chunk;
    } catch (err) {
      if (err instanceof InvalidArgument) throw err;
      const code = (err as { code?: string }).code ?? "";
      if (/^(Z_|ZSTD_|ERR_ZLIB|ERR_ZSTD)/.test(code) || /unexpected end of file|invalid|incorrect|corrupt/i.test((err as Error).message)) {
        const what = (err as Error).message === "unexpected end of file" ? "truncated" : "corrupt";
        throw new InvalidArgument(`layer ${layer}: ${what} ${compression} stream: ${(err as Error).message}`, { cause: err });
      }
      throw err;
    } finally {
      source.destroy();
      inflate.destroy();
    }
  }
  return { chunks: run(), info };
}
