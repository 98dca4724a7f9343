import { createGunzip } from "node:zlib";
import { Readable } from "node:stream";
import { canonicalString, formatPlatform, hostPlatform, MediaType, parseReference, withDefaultTag, type ImageConfig } from "../../image/index.ts";
import type { Image } from "./image-doc.ts";
import { ensureLayers, type LayerChainDeps } from "./layer-chain.ts";

const sha = (data: Uint8Array) => `sha256:${new Bun.CryptoHasher("sha256").update(data).digest("hex")}`;

/**
 * docker import: a root filesystem tarball (plain or gzipped) becomes a one-layer image for the
 * host platform, tagged `reference` when given.
 */
export async function importImage(deps: LayerChainDeps, input: Readable, opts: { reference?: string; message?: string }): Promise<Image> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(c as Buffer);
  const raw = new Uint8Array(Buffer.concat(chunks));
  const gzipped = raw[0] === 0x1f && raw[1] === 0x8b;
  const tar = gzipped ? new Uint8Array(await new Response(Readable.toWeb(Readable.from([Buffer.from(raw)]).pipe(createGunzip())) as ReadableStream).arrayBuffer()) : raw;
  const layer = gzipped ? raw : Bun.gzipSync(raw as Uint8Array<ArrayBuffer>);
  const layerDigest = (await deps.content.write(layer)).digest;
  const now = new Date().toISOString();
  const platform = hostPlatform();
  const config: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: now,
    config: {},
    rootfs: { type: "layers", diff_ids: [sha(tar)] },
    history: [{ created: now, created_by: "", comment: opts.message || "Imported from -" }],
  } as ImageConfig;
  const configBytes = new TextEncoder().encode(JSON.stringify(config));
  const configDigest = (await deps.content.write(configBytes)).digest;
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: configBytes.length }, layers: [{ mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layer.length }] });
  const manifestDigest = (await deps.content.write(manifest)).digest;
  const layers = await ensureLayers(deps, [layerDigest], config.rootfs.diff_ids);
  const { image } = deps.records.addImage({
    id: configDigest,
    manifestDigest,
    platform: formatPlatform(platform),
    size: layers.reduce((n, l) => n + l.size, 0),
    created: now,
    doc: { config, repoDigests: [] },
    references: opts.reference ? [canonicalString(withDefaultTag(parseReference(opts.reference)))] : [],
    layers,
    blobs: [layerDigest],
  });
  return image;
}
