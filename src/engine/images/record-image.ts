import { MediaType, type ImageConfig } from "../../image/index.ts";
import type { Image } from "./image-doc.ts";
import { ensureLayers, type LayerChainDeps } from "./layer-chain.ts";

export interface LayerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/**
 * Store an image made here (commit, import, load): its config (the given bytes, or the config
 * serialised), a schema 2 manifest over `layers` (blobs already in the content store), the
 * layers unpacked into snapshots, and the records with `references`, in one transaction.
 */
export async function recordImage(
  deps: LayerChainDeps,
  input: { config: ImageConfig; configBytes?: Uint8Array; layers: LayerDescriptor[]; platform: string; references: string[]; parent?: string },
): Promise<Image> {
  const configBytes = input.configBytes ?? new TextEncoder().encode(JSON.stringify(input.config));
  const configDigest = (await deps.content.write(configBytes)).digest;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: configBytes.length },
    layers: input.layers,
  });
  const manifestDigest = (await deps.content.write(manifest)).digest;
  const layers = await ensureLayers(deps, input.layers.map((l) => l.digest), input.config.rootfs.diff_ids);
  const { image } = deps.records.addImage({
    id: configDigest,
    manifestDigest,
    platform: input.platform,
    size: layers.reduce((n, l) => n + l.size, 0),
    created: input.config.created ?? new Date(0).toISOString(),
    doc: { config: input.config, repoDigests: [], ...(input.parent ? { parent: input.parent } : {}) },
    references: input.references,
    layers,
    blobs: input.layers.map((l) => l.digest),
  });
  return image;
}
