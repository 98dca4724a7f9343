import { treeTar, unpackLayer, type TreeTarRequest, type WhiteoutFormat } from "../../store/index.ts";

/**
 * How a layer blob gets into a snapshot directory, and a snapshot tree back out as a tar
 * (in-process, or inside the user namespace, where files show their container owners and
 * container root may read them all).
 */
export interface LayerUnpacker {
  /** A layer blob (a path in the content store, or its bytes as they download) into `dest`. */
  unpack(blob: string | ReadableStream<Uint8Array>, dest: string, format: WhiteoutFormat): Promise<{ diffId: string; size: number }>;
  tar(req: TreeTarRequest): ReadableStream<Uint8Array>;
  /** A new volume's first content: the image's files under `under`, owners kept. */
  copyUp(req: CopyUpRequest): Promise<void>;
}

export interface CopyUpRequest {
  /** The image's layer directories, top first (vfs: the one whole tree). */
  layers: string[];
  /** Absolute path in the container, e.g. "/data". */
  under: string;
  /** The volume's directory (empty). */
  dest: string;
}

/** copyUp in this process: the merged subtree as a tar, unpacked into the volume. */
export async function copyUpHere(req: CopyUpRequest): Promise<void> {
  const [top, ...lowers] = req.layers;
  if (!top) return;
  await unpackLayer(treeTar({ kind: "merged", dir: top, lowers, under: req.under }), req.dest, { whiteoutFormat: "vfs", owner: process.getuid?.() === 0 ? "chown" : "ignore", layerName: `volume content of ${req.under}` });
}

/**
 * Unpack in this process. As root, ownership comes from the tar. Rootless, the files cannot be
 * chowned to subordinate ids from outside the user namespace, so they stay the user's (container
 * root); the user-namespace unpacker replaces this when it lands.
 */
export const inProcessUnpacker: LayerUnpacker = {
  async unpack(blob, dest, format) {
    const r = await unpackLayer(typeof blob === "string" ? Bun.file(blob).stream() : blob, dest, { whiteoutFormat: format });
    return { diffId: r.diffId, size: r.size };
  },
  tar: treeTar,
  copyUp: copyUpHere,
};
