import { classify, computeDigest, MediaType, canonicalString, parseReference, withDefaultTag, type ContainerDefaults, type ImageConfig } from "../../image/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { Image } from "./image-doc.ts";
import type { LayerChainDeps } from "./layer-chain.ts";
import { recordImage } from "./record-image.ts";

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
  /** The container committed and the image name it was created from (Docker's legacy container/container_config). */
  containerId?: string;
  containerImage?: string;
  reference?: string;
  comment?: string;
  author?: string;
  /** Last touches to the new image's config (commit --change). */
  adjust?: (config: ContainerDefaults) => ContainerDefaults;
}

/**
 * docker commit: the container's writable layer as a new layer (a tar with Docker's whiteouts,
 * gzipped) on top of its image, a config with the container's settings and a history entry,
 * a schema 2 manifest; then the image is recorded (and tagged when a reference is given).
 */
export async function commitImage(deps: LayerChainDeps, base: Image, input: CommitInput): Promise<Image> {
  const diff = await deps.snapshotter.diffDir(input.snapshotKey);
  const layerTar = new Uint8Array(await new Response(deps.unpacker.tar(diff.kind === "dir" ? { kind: "compare", dir: diff.dir, parentDir: diff.parentDir } : { kind: "upper", dir: diff.dir })).arrayBuffer());
  const layerGz = Bun.gzipSync(layerTar);
  const diffId = computeDigest(layerTar);
  const layerDigest = (await deps.content.write(layerGz)).digest;
  const parentManifest = classify(null, await Bun.file(deps.content.path(base.manifestDigest)).bytes());
  if (parentManifest.kind !== "manifest") throw new InvalidArgument(`the manifest of ${base.id} is an index`);
  const now = new Date().toISOString();
  const parent = base.doc.config;
  const config: ImageConfig = {
    ...parent,
    created: now,
    ...(input.author ? { author: input.author } : {}),
    config: (input.adjust ?? ((c) => c))({
      ...(parent.config ?? {}),
      Env: input.env,
      Cmd: input.cmd,
      Entrypoint: input.entrypoint ?? undefined,
      WorkingDir: input.workingDir,
      User: input.user,
      Labels: input.labels,
    }),
    ...(input.containerId ? { container: input.containerId, container_config: { ...(parent.config ?? {}), Image: input.containerImage ?? base.id } } : {}),
    rootfs: { type: "layers", diff_ids: [...parent.rootfs.diff_ids, diffId] },
    history: [...(parent.history ?? []), { created: now, created_by: input.createdBy, ...(input.comment ? { comment: input.comment } : {}) }],
  };
  const parentLayers = parentManifest.manifest.layers.map((l) => ({ mediaType: l.mediaType, digest: l.digest, size: l.size }));
  return recordImage(deps, {
    config,
    layers: [...parentLayers, { mediaType: MediaType.dockerLayerGzip, digest: layerDigest, size: layerGz.length }],
    platform: base.platform,
    parent: base.id,
    references: input.reference ? [canonicalString(withDefaultTag(parseReference(input.reference)))] : [],
  });
}

