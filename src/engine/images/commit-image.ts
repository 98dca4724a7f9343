import { classify, MediaType, canonicalString, parseReference, withDefaultTag, type ImageConfig } from "../../image/index.ts";
import { InvalidArgument, NotImplemented } from "../../lib/index.ts";
import { diffDirectory } from "../../store/index.ts";
import type { Image } from "./image-doc.ts";
import { ensureLayers, type LayerChainDeps } from "./layer-chain.ts";

export interface CommitInput {
  /** The container's writable snapshot key and what it runs. */
  snapshotKey: string;
  cmd: string[];
  entrypoint: string[] | null;
  env: string[];
  workingDir: string;
  user: string;
  labels: Record<string, string>;
  /** The command line for the history entry. */
  createdBy: string;
  reference?: string;
  comment?: string;
  author?: string;
}

const sha = (data: Uint8Array) => `sha256:${new Bun.CryptoHasher("sha256").update(data).digest("hex")}`;

/**
 * docker commit: the container's writable layer as a new layer (a tar with Docker's whiteouts,
 * gzipped) on top of its image, a config with the container's settings and a history entry,
 * a schema 2 manifest; then the image is recorded (and tagged when a reference is given).
 */
export async function commitImage(deps: LayerChainDeps, base: Image, input: CommitInput): Promise<Image> {
  const diff = await deps.snapshotter.diffDir(input.snapshotKey);
  if (diff.kind !== "overlay") throw new NotImplemented(`commit on the ${deps.snapshotter.name} storage driver is not supported yet`);
  const layerTar = new Uint8Array(await new Response(diffDirectory(diff.dir)).arrayBuffer());
  const layerGz = Bun.gzipSync(layerTar);
  const diffId = sha(layerTar);
  const layerDigest = (await deps.content.write(layerGz)).digest;
  const parentManifest = classify(null, await Bun.file(deps.content.path(base.manifestDigest)).bytes());
  if (parentManifest.kind !== "manifest") throw new InvalidArgument(`the manifest of ${base.id} is an index`);
  const now = new Date().toISOString();
  const parent = base.doc.config;
  const config: ImageConfig = {
    ...parent,
    created: now,
    ...(input.author ? { author: input.author } : {}),
    config: {
      ...(parent.config ?? {}),
      Env: input.env,
      Cmd: input.cmd,
      Entrypoint: input.entrypoint ?? undefined,
      WorkingDir: input.workingDir,
      User: input.user,
      Labels: input.labels,
    },
    rootfs: { type: "layers", diff_ids: [...parent.rootfs.diff_ids, diffId] },
    history: [...(parent.history ?? []), { created: now, created_by: input.createdBy, ...(input.comment ? { comment: input.comment } : {}) }],
  };
  const configBytes = new TextEncoder().encode(JSON.stringify(config));
  const configDigest = (await deps.content.write(configBytes)).digest;
  const layersDesc = [...parentManifest.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size })), { mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layerGz.length }];
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifest, config: { mediaType: MediaType.dockerConfig, digest: configDigest, size: configBytes.length }, layers: layersDesc });
  const manifestDigest = (await deps.content.write(manifest)).digest;
  const layers = await ensureLayers(deps, layersDesc.map((l) => l.digest), config.rootfs.diff_ids);
  const { image } = deps.records.addImage({
    id: configDigest,
    manifestDigest,
    platform: base.platform,
    size: layers.reduce((n, l) => n + l.size, 0),
    created: now,
    doc: { config, repoDigests: [] },
    references: input.reference ? [canonicalString(withDefaultTag(parseReference(input.reference)))] : [],
    layers,
    blobs: layersDesc.map((l) => l.digest),
  });
  return image;
}

