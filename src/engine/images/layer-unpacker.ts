import { treeTar, unpackLayer, type TreeTarRequest, type WhiteoutFormat } from "../../store/index.ts";

/**
 * How a layer blob gets into a snapshot directory, and a snapshot tree back out as a tar
 * (in-process, or inside the user namespace, where files show their container owners and
 * container root may read them all).
 */
export interface LayerUnpacker {
  unpack(blobPath: string, dest: string, format: WhiteoutFormat): Promise<{ diffId: string; size: number }>;
  tar(req: TreeTarRequest): ReadableStream<Uint8Array>;
}

/**
 * Unpack in this process. As root, ownership comes from the tar. Rootless, the files cannot be
 * chowned to subordinate ids from outside the user namespace, so they stay the user's (container
 * root); the user-namespace unpacker replaces this when it lands.
 */
export const inProcessUnpacker: LayerUnpacker = {
  async unpack(blobPath, dest, format) {
    const r = await unpackLayer(Bun.file(blobPath).stream(), dest, { whiteoutFormat: format });
    return { diffId: r.diffId, size: r.size };
  },
  tar: treeTar,
};
