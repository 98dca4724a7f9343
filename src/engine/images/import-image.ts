import { Readable } from "node:stream";
import { canonicalString, computeDigest, formatPlatform, hostPlatform, MediaType, parseReference, withDefaultTag, type ContainerDefaults, type ImageConfig } from "../../image/index.ts";
import type { Image } from "./image-doc.ts";
import type { LayerChainDeps } from "./layer-chain.ts";
import { recordImage } from "./record-image.ts";

/**
 * docker import: a root filesystem tarball (plain or gzipped) becomes a one-layer image for the
 * host platform, tagged `reference` when given.
 */
export async function importImage(deps: LayerChainDeps, input: Readable, opts: { reference?: string; message?: string; adjust?: (config: ContainerDefaults) => ContainerDefaults }): Promise<Image> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(c as Buffer);
  const raw = new Uint8Array(Buffer.concat(chunks));
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  const tar = gzipped ? Bun.gunzipSync(raw as Uint8Array<ArrayBuffer>) : raw;
  const layer = gzipped ? raw : Bun.gzipSync(raw as Uint8Array<ArrayBuffer>);
  const layerDigest = (await deps.content.write(layer)).digest;
  const now = new Date().toISOString();
  const platform = hostPlatform();
  const config: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: now,
    config: opts.adjust ? opts.adjust({}) : {},
    rootfs: { type: "layers", diff_ids: [computeDigest(tar)] },
    history: [{ created: now, created_by: "", comment: opts.message || "Imported from -" }],
  } as ImageConfig;
  return recordImage(deps, {
    config,
    layers: [{ mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layer.length }],
    platform: formatPlatform(platform),
    references: opts.reference ? [canonicalString(withDefaultTag(parseReference(opts.reference)))] : [],
  });
}
