import { ImageRecords, type ContentStore, type LayerRecord, type Snapshotter } from "../../store/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { ImageDoc } from "./image-doc.ts";
import type { LayerUnpacker } from "./layer-unpacker.ts";

export interface LayerChainDeps {
  content: ContentStore;
  records: ImageRecords<ImageDoc>;
  snapshotter: Snapshotter;
  unpacker: LayerUnpacker;
}

/**
 * Make sure every layer of an image is unpacked into its snapshot, bottom up: a layer already
 * there (same chain id) is reused; a new one is unpacked from its blob and its diff_id checked
 * against the image config's before it is committed. Returns the layer records, bottom first.
 */
export async function ensureLayers(deps: LayerChainDeps, blobs: string[], diffIds: string[], onLayer?: (blob: string, event: "Extracting" | "Pull complete") => void): Promise<LayerRecord[]> {
  if (blobs.length !== diffIds.length) throw new InvalidArgument(`image config lists ${diffIds.length} layers but there are ${blobs.length}`);
  const chain = ImageRecords.chainIds(diffIds);
  const layers: LayerRecord[] = [];
  for (let i = 0; i < blobs.length; i++) {
    const chainId = chain[i]!;
    const existing = deps.records.getLayer(chainId);
    if (existing) {
      layers.push(existing);
      continue;
    }
    onLayer?.(blobs[i]!, "Extracting");
    const snap = await deps.snapshotter.prepare(chainId, chain.slice(0, i).reverse());
    try {
      const result = await deps.unpacker.unpack(deps.content.path(blobs[i]!), snap.diffDir, snap.kind === "overlay" ? "overlay" : "vfs");
      if (result.diffId !== diffIds[i]) throw new InvalidArgument(`layer ${blobs[i]}: diff_id ${result.diffId} does not match the image config's ${diffIds[i]}`);
      await deps.snapshotter.commit(chainId);
      layers.push({ chainId, diffId: diffIds[i]!, parent: i > 0 ? chain[i - 1]! : null, size: result.size, snapshotKey: chainId });
    } catch (err) {
      await deps.snapshotter.remove(chainId).catch(() => undefined);
      throw err;
    }
    onLayer?.(blobs[i]!, "Pull complete");
  }
  return layers;
}
