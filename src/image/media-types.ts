/**
 * The media types of image manifests, indexes, configs and layers (Docker's distribution
 * formats and the OCI image spec), and what each layer type means for unpacking.
 */
export const MediaType = {
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerSchema1Manifest: "application/vnd.docker.distribution.manifest.v1+json",
  dockerSchema1SignedManifest: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerLayerZstd: "application/vnd.docker.image.rootfs.diff.tar.zstd",
  dockerForeignLayer: "application/vnd.docker.image.rootfs.foreign.diff.tar",
  dockerForeignLayerGzip: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  dockerPluginConfig: "application/vnd.docker.plugin.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  ociNondistributableLayer: "application/vnd.oci.image.layer.nondistributable.v1.tar",
  ociNondistributableLayerGzip: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  ociNondistributableLayerZstd: "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  ociEmpty: "application/vnd.oci.empty.v1+json",
} as const;

export type Compression = "none" | "gzip" | "zstd";

/** How a layer is stored: its compression, and whether registries may refuse to serve it. */
export interface LayerKind {
  readonly compression: Compression;
  /** Foreign (Docker) or non-distributable (OCI): the blob may live at the descriptor's urls. */
  readonly foreign: boolean;
}

const layerKinds: ReadonlyMap<string, LayerKind> = new Map<string, LayerKind>([
  [MediaType.dockerLayer, { compression: "none", foreign: false }],
  [MediaType.dockerLayerGzip, { compression: "gzip", foreign: false }],
  [MediaType.dockerLayerZstd, { compression: "zstd", foreign: false }],
  [MediaType.dockerForeignLayer, { compression: "none", foreign: true }],
  [MediaType.dockerForeignLayerGzip, { compression: "gzip", foreign: true }],
  [MediaType.ociLayer, { compression: "none", foreign: false }],
  [MediaType.ociLayerGzip, { compression: "gzip", foreign: false }],
  [MediaType.ociLayerZstd, { compression: "zstd", foreign: false }],
  [MediaType.ociNondistributableLayer, { compression: "none", foreign: true }],
  [MediaType.ociNondistributableLayerGzip, { compression: "gzip", foreign: true }],
  [MediaType.ociNondistributableLayerZstd, { compression: "zstd", foreign: true }],
]);

/** What a layer media type means, or undefined when it is not a filesystem layer Bunker knows. */
export function layerKind(mediaType: string): LayerKind | undefined {
  return layerKinds.get(mediaType);
}

/** Single-image manifest types Bunker can pull (Docker schema 2 and OCI). */
export const manifestMediaTypes: readonly string[] = [MediaType.dockerManifest, MediaType.ociManifest];
/** Multi-platform types: a Docker manifest list or an OCI index. */
export const indexMediaTypes: readonly string[] = [MediaType.dockerManifestList, MediaType.ociIndex];
/** Docker's retired schema 1 types: refused. */
export const schema1MediaTypes: readonly string[] = [MediaType.dockerSchema1Manifest, MediaType.dockerSchema1SignedManifest];
/** Image config types. */
export const configMediaTypes: readonly string[] = [MediaType.dockerConfig, MediaType.ociConfig];

/** The Accept header for manifest requests: everything above, most preferred first. */
export const manifestAccept: string = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(", ");
