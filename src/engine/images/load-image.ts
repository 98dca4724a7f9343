import tar from "tar-stream";
import { mkdtempSync, mkdirSync, readFileSync, existsSync, rmSync } from "node:fs";
import { createWriteStream } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { canonicalString, MediaType, parseImageConfig, parseReference, withDefaultTag, formatPlatform, imageConfigPlatform } from "../../image/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { LayerChainDeps } from "./layer-chain.ts";
import { recordImage, type LayerDescriptor } from "./record-image.ts";

interface LegacyEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

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

/**
 * docker load: read an archive in Docker's save format (manifest.json; an OCI layout alone is
 * not read yet), put its blobs in the content store, unpack its layers (diff_ids checked) and
 * record each image with its tags. Returns what was loaded, as Docker reports it.
 */
export async function loadImages(deps: LayerChainDeps, input: Readable, scratchParent: string, onLoaded?: (image: Awaited<ReturnType<typeof recordImage>>) => void): Promise<string[]> {
  mkdirSync(scratchParent, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(scratchParent, "load-"));
  try {
    await extractArchive(input, dir).catch((err: unknown) => {
      throw err instanceof InvalidArgument ? err : new InvalidArgument(`invalid archive: ${(err as Error).message}`);
    });
    if (!existsSync(join(dir, "manifest.json"))) throw new InvalidArgument("invalid archive: no manifest.json (only Docker's save format can be loaded so far)");
    const entries = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as LegacyEntry[];
    const loaded: string[] = [];
    for (const entry of entries) {
      const read = (p: string) => {
        const full = join(dir, normalize(p));
        if (!full.startsWith(dir + "/")) throw new InvalidArgument(`invalid archive: ${p} leaves the archive`);
        return new Uint8Array(readFileSync(full));
      };
      const configBytes = read(entry.Config);
      const config = parseImageConfig(configBytes);
      const layers: LayerDescriptor[] = [];
      for (const layerPath of entry.Layers) {
        const bytes = read(layerPath);
        const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
        layers.push({ mediaType: gz ? MediaType.dockerLayerGzip : MediaType.dockerLayer, digest: (await deps.content.write(bytes)).digest, size: bytes.length });
      }
      // The config's own bytes are kept, so the image keeps the id it had where it was saved.
      const image = await recordImage(deps, {
        config,
        configBytes,
        layers,
        platform: formatPlatform(imageConfigPlatform(config)),
        references: (entry.RepoTags ?? []).map((t) => canonicalString(withDefaultTag(parseReference(t)))),
      });
      onLoaded?.(image);
      if (entry.RepoTags?.length) loaded.push(...entry.RepoTags.map((t) => `Loaded image: ${t}`));
      else loaded.push(`Loaded image ID: ${image.id}`);
    }
    return loaded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
