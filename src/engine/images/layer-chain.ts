import { mkdirSync, renameSync, rmdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { ImageRecords, removeTree, type ContentStore, type LayerRecord, type Snapshotter } from "../../store/index.ts";
import { InvalidArgument } from "../../lib/index.ts";
import type { ImageDoc } from "./image-doc.ts";
import type { LayerUnpacker } from "./layer-unpacker.ts";

export interface LayerChainDeps {
  content: ContentStore;
  records: ImageRecords<ImageDoc>;
  snapshotter: Snapshotter;
  unpacker: LayerUnpacker;
}

/** Where the layers' bytes come from while their snapshots are made. */
export interface LayerSource {
  /**
   * Unpack layer i into `dir` (a staging directory beside the snapshots), getting its blob as
   * needed: a pull downloads it and unpacks the bytes as they arrive. Resolves once the layer
   * is unpacked and its blob is in the content store, verified. `extracting` is called when
   * the unpack is worth showing (after the download, for a pull).
   */
  unpackInto(i: number, dir: string, extracting: () => void): Promise<{ diffId: string; size: number }>;
  /** Resolves when layer i's blob is in the content store (vfs unpacks from there, in order). */
  ready(i: number): Promise<void>;
  /** The blobs' sizes: the biggest layers are staged first, so that they do not end last. */
  sizes?: number[];
}

/** Layers whose blobs are all in the content store already (load, commit, import). */
export function storedLayerSource(deps: LayerChainDeps, blobs: string[]): LayerSource {
  return {
    unpackInto: (i, dir, extracting) => {
      extracting();
      return deps.unpacker.unpack(deps.content.path(blobs[i]!), dir, "overlay");
    },
    ready: () => Promise.resolve(),
  };
}

/**
 * Make sure every layer of an image is unpacked into its snapshot, bottom up: a layer already
 * there (same chain id) is reused; a new one is unpacked from its blob and its diff_id checked
 * against the image config's before it is committed. Returns the layer records, bottom first.
 */
export async function ensureLayers(
  deps: LayerChainDeps,
  blobs: string[],
  diffIds: string[],
  onLayer?: (blob: string, event: "Extracting" | "Pull complete") => void,
  source: LayerSource = storedLayerSource(deps, blobs),
): Promise<LayerRecord[]> {
  if (blobs.length !== diffIds.length) throw new InvalidArgument(`image config lists ${diffIds.length} layers but there are ${blobs.length}`);
  const chain = ImageRecords.chainIds(diffIds);
  const missing = chain.map((c, i) => (deps.records.getLayer(c) ? -1 : i)).filter((i) => i >= 0);
  // On overlay a layer's directory holds only its own files: several missing ones unpack at
  // once (in their own processes), beside the snapshots, and are then moved into them bottom
  // up. A single one (import, commit) unpacks in place. vfs applies each layer to a copy of the
  // one below: one after the other, from the store.
  const staged = deps.snapshotter.name !== "vfs" && missing.length > 1 ? await stageLayers(deps, blobs, diffIds, missing, onLayer, source) : undefined;
  const layers: LayerRecord[] = [];
  try {
    for (let i = 0; i < blobs.length; i++) {
      const chainId = chain[i]!;
      const existing = deps.records.getLayer(chainId);
      if (existing) {
        layers.push(existing);
        continue;
      }
      if (!staged) {
        await source.ready(i);
        onLayer?.(blobs[i]!, "Extracting");
      }
      const snap = await deps.snapshotter.prepare(chainId, chain.slice(0, i).reverse());
      try {
        let result: { diffId: string; size: number };
        const ready = staged?.layers.get(i);
        if (ready && moveInto(ready.dir, snap.diffDir)) {
          result = ready.result;
        } else {
          result = await deps.unpacker.unpack(deps.content.path(blobs[i]!), snap.diffDir, snap.kind === "overlay" ? "overlay" : "vfs");
        }
        if (result.diffId !== diffIds[i]) throw new InvalidArgument(`layer ${blobs[i]}: diff_id ${result.diffId} does not match the image config's ${diffIds[i]}`);
        await deps.snapshotter.commit(chainId);
        layers.push({ chainId, diffId: diffIds[i]!, parent: i > 0 ? chain[i - 1]! : null, size: result.size, snapshotKey: chainId });
      } catch (err) {
        await deps.snapshotter.remove(chainId).catch(() => undefined);
        throw err;
      }
      onLayer?.(blobs[i]!, "Pull complete");
    }
  } finally {
    if (staged) removeTree(staged.root);
  }
  return layers;
}

/**
 * Moves a staged layer into its snapshot. False when it cannot be moved: rootless, a layer
 * whose root the tar gives to another of the user's subordinate ids is not writable for the
 * daemon, and moving a directory to another parent needs that (its ".." changes). The layer
 * is then unpacked in place from the store instead.
 */
function moveInto(staged: string, diffDir: string): boolean {
  rmdirSync(diffDir);
  try {
    renameSync(staged, diffDir);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== "EACCES" && code !== "EPERM") throw err;
    mkdirSync(diffDir, { mode: 0o755 });
    return false;
  }
}

/** Unpack the missing layers side by side (three at a time, biggest first) into a staging dir of the snapshotter. */
async function stageLayers(
  deps: LayerChainDeps,
  blobs: string[],
  diffIds: string[],
  missing: number[],
  onLayer: ((blob: string, event: "Extracting" | "Pull complete") => void) | undefined,
  source: LayerSource,
): Promise<{ root: string; layers: Map<number, { dir: string; result: { diffId: string; size: number } }> }> {
  mkdirSync(deps.snapshotter.root, { recursive: true, mode: 0o700 });
  const root = join(deps.snapshotter.root, `.tmp-stage-${randomBytes(8).toString("hex")}`);
  mkdirSync(root, { mode: 0o700 });
  const layers = new Map<number, { dir: string; result: { diffId: string; size: number } }>();
  // The biggest first: with a small one ahead of it, the layer that takes longest would start late.
  const order = source.sizes ? [...missing].sort((a, b) => source.sizes![b]! - source.sizes![a]! || a - b) : missing;
  try {
    let next = 0;
    let stop = false;
    const worker = async () => {
      for (let k = next++; k < order.length && !stop; k = next++) {
        const i = order[k]!;
        const dir = join(root, String(i));
        try {
          const result = await source.unpackInto(i, dir, () => onLayer?.(blobs[i]!, "Extracting"));
          if (result.diffId !== diffIds[i]) throw new InvalidArgument(`layer ${blobs[i]}: diff_id ${result.diffId} does not match the image config's ${diffIds[i]}`);
          layers.set(i, { dir, result });
        } catch (err) {
          stop = true;
          throw err;
        }
      }
    };
    // Every unpack ends before the staging dir may go (a failed one stops the others taking more).
    const settled = await Promise.allSettled([worker(), worker(), worker()]);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (err) {
    removeTree(root);
    throw err;
  }
  return { root, layers };
}
