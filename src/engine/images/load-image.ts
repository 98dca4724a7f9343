import tar from "tar-stream";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { canonicalString, computeDigest, familiarString, MediaType, parseImageConfig, parseReference, withDefaultTag, formatPlatform, imageConfigPlatform } from "../../image/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import { archiveImages, readArchiveFile } from "./archive-entries.ts";
import type { LayerChainDeps } from "./layer-chain.ts";
import { recordImage, type LayerDescriptor } from "./record-image.ts";

/** Unpack the archive into a private temp dir, refusing names that climb out of it. */
async function extractArchive(input: Readable, dir: string): Promise<void> {
  const extract = tar.extract();
  extract.on("entry", (header, stream, next) => {
    const name = normalize(header.name).replace(/^(\.\/)+/, "");
    if (name.startsWith("..") || name.startsWith("/")) {
      stream.resume();
      next(new InvalidArgument(`invalid archive: entry ${header.name} leaves the archive`));
      return;
    }
    if (header.type !== "file") {
      stream.resume();
      stream.on("end", next);
      return;
    }
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    pipeline(stream, createWriteStream(target)).then(() => next(), next);
  });
  await pipeline(input, extract);
}

const layerType = (bytes: Uint8Array) =>
  bytes[0] === 0x1f && bytes[1] === 0x8b ? MediaType.dockerLayerGzip
  : bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd ? MediaType.ociLayerZstd
  : MediaType.dockerLayer;

/**
 * docker load: read an archive in Docker's save format (manifest.json) or an OCI image layout
 * (index.json), put its blobs in the content store (digests checked), unpack its layers
 * (diff_ids checked) and record each image with its tags. Returns what was loaded, as Docker
 * reports it.
 */
/** One "Loading layer" step, as Docker reports it to a terminal (id: the layer's short digest). */
export interface LoadProgress {
  id: string;
  current: number;
  total: number;
}

export async function loadImages(
  deps: LayerChainDeps,
  input: Readable,
  scratchParent: string,
  onLoaded?: (image: Awaited<ReturnType<typeof recordImage>>) => void,
  onProgress?: (p: LoadProgress) => void,
): Promise<string[]> {
  mkdirSync(scratchParent, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(scratchParent, "load-"));
  try {
    await extractArchive(input, dir).catch((err: unknown) => {
      throw err instanceof InvalidArgument ? err : new InvalidArgument(`invalid archive: ${(err as Error).message}`);
    });
    const loaded: string[] = [];
    const entries = archiveImages(dir);
    // Every digest is checked before anything is stored: a bad archive leaves the store as it was.
    for (const layer of entries.flatMap((e) => e.layers)) {
      if (layer.digest && computeDigest(readArchiveFile(dir, layer.path)) !== layer.digest) throw new InvalidArgument(`invalid archive: ${layer.path} does not match its digest ${layer.digest}`);
    }
    for (const entry of entries) {
      const configBytes = readArchiveFile(dir, entry.configPath);
      const config = parseImageConfig(configBytes);
      const layers: LayerDescriptor[] = [];
      for (const layer of entry.layers) {
        const bytes = readArchiveFile(dir, layer.path);
        // Its digest, else the hex of its file name in the archive (Docker's saves name them by it).
        const id = (layer.digest ?? /[0-9a-f]{12,}/.exec(layer.path)?.[0] ?? layer.path).replace(/^sha256:/, "").slice(0, 12);
        onProgress?.({ id, current: 0, total: bytes.length });
        layers.push({ mediaType: layer.mediaType ?? layerType(bytes), digest: (await deps.content.write(bytes)).digest, size: bytes.length });
        onProgress?.({ id, current: bytes.length, total: bytes.length });
      }
      // The config's own bytes are kept, so the image keeps the id it had where it was saved.
      const image = await recordImage(deps, {
        config,
        configBytes,
        layers,
        platform: formatPlatform(imageConfigPlatform(config)),
        references: entry.refs.map((t) => canonicalString(withDefaultTag(parseReference(t)))),
      });
      onLoaded?.(image);
      if (entry.refs.length) loaded.push(...entry.refs.map((t) => `Loaded image: ${familiarString(withDefaultTag(parseReference(t)))}`));
      else loaded.push(`Loaded image ID: ${image.id}`);
    }
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
