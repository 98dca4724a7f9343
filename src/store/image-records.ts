import type { Database } from "bun:sqlite";
import { Conflict, InvalidArgument, NotFound } from "../lib/index.ts";
import type { MetadataDb } from "./metadata-db.ts";

/** One layer of the layer graph, shared by every image whose chain holds it. */
export interface LayerRecord {
  chainId: string;
  diffId: string;
  /** The chain id below, null for a base layer. */
  parent: string | null;
  /** Unpacked size in bytes. */
  size: number;
  /** The snapshot holding this layer (the Snapshotter's key). */
  snapshotKey: string;
}

export interface ImageRecord<Doc = unknown> {
  /** The config digest. */
  id: string;
  manifestDigest: string;
  /** os/arch[/variant]. */
  platform: string;
  size: number;
  /** ISO time the image was created (from its config). */
  created: string;
  doc: Doc;
  /** References pointing at it (`name:tag` and `name@digest`), sorted. */
  references: string[];
  /** Chain ids, bottom first. */
  layers: string[];
  /** Content store digests the image needs, sorted. */
  blobs: string[];
}

export interface NewImage<Doc = unknown> {
  id: string;
  manifestDigest: string;
  platform: string;
  size: number;
  created: string;
  doc: Doc;
  /** References to point at this image; a reference on another image moves here. */
  references?: string[];
  /** Bottom first; each parent must be the chain id of the layer before. */
  layers: LayerRecord[];
  /** Blobs besides the id and manifest digest (which are always included). */
  blobs?: string[];
}

export interface AddImageResult<Doc = unknown> {
  image: ImageRecord<Doc>;
  /** References that pointed at another image before. */
  movedReferences: { reference: string; from: string }[];
}

export interface RemovedImage<Doc = unknown> {
  image: ImageRecord<Doc>;
  /** Layers no image uses any more, top first (remove their snapshots in this order). */
  layers: LayerRecord[];
  /** Blobs no image needs any more. */
  blobs: string[];
}

interface ImageRow {
  id: string;
  manifest_digest: string;
  platform: string;
  size: number;
  created: string;
  doc: string;
}
interface LayerRow {
  chain_id: string;
  diff_id: string;
  parent: string | null;
  size: number;
  snapshot_key: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

function checkDigest(what: string, digest: string): void {
  if (!DIGEST.test(digest)) throw new InvalidArgument(`invalid ${what} ${JSON.stringify(digest)}: expected sha256:<64 hex digits>`);
}

function layerOf(row: LayerRow): LayerRecord {
  return { chainId: row.chain_id, diffId: row.diff_id, parent: row.parent, size: row.size, snapshotKey: row.snapshot_key };
}

/**
 * The typed repository over the image tables in bunker.db (created by MetadataDb). Every
 * change is one transaction. References are stored as given: normalising them is image/'s job.
 */
export class ImageRecords<Doc = unknown> {
  private readonly db: Database;

  constructor(metadata: MetadataDb) {
    this.db = metadata.sqlite;
  }

  /** Chain ids of a list of diff ids, bottom first (OCI image spec: sha256 of "parent diff"). */
  static chainIds(diffIds: string[]): string[] {
    const out: string[] = [];
    for (const diffId of diffIds) {
      const parent = out.at(-1);
      out.push(parent === undefined ? diffId : `sha256:${new Bun.CryptoHasher("sha256").update(`${parent} ${diffId}`).digest("hex")}`);
    }
    return out;
  }

  /** Record an image with its layers, blobs and references, all or nothing. */
  addImage(input: NewImage<Doc>): AddImageResult<Doc> {
    checkDigest("image id", input.id);
    checkDigest("manifest digest", input.manifestDigest);
    const expected = ImageRecords.chainIds(input.layers.map((l) => l.diffId));
    input.layers.forEach((layer, i) => {
      checkDigest("diff id", layer.diffId);
      const parent = i === 0 ? null : input.layers[i - 1]!.chainId;
      if (layer.parent !== parent) throw new InvalidArgument(`layer ${i} (${layer.chainId}): parent ${layer.parent} should be ${parent}`);
      if (layer.chainId !== expected[i]) throw new InvalidArgument(`layer ${i}: chain id ${layer.chainId} does not match its diff ids (${expected[i]})`);
    });
    for (const b of input.blobs ?? []) checkDigest("blob digest", b);
    const moved: { reference: string; from: string }[] = [];
    this.db.transaction(() => {
      this.db
        .query("INSERT INTO images (id, manifest_digest, platform, size, created, doc) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET manifest_digest = excluded.manifest_digest, platform = excluded.platform, size = excluded.size, created = excluded.created, doc = excluded.doc")
        .run(input.id, input.manifestDigest, input.platform, input.size, input.created, JSON.stringify(input.doc));
      for (const layer of input.layers) {
        const have = this.layerRow(layer.chainId);
        if (!have) {
          this.db.query("INSERT INTO layers (chain_id, diff_id, parent, size, snapshot_key) VALUES (?, ?, ?, ?, ?)").run(layer.chainId, layer.diffId, layer.parent, layer.size, layer.snapshotKey);
        } else if (have.snapshot_key !== layer.snapshotKey) {
          throw new Conflict(`layer ${layer.chainId} is already recorded with snapshot ${have.snapshot_key}, not ${layer.snapshotKey}`);
        }
      }
      this.db.query("DELETE FROM image_layers WHERE image_id = ?").run(input.id);
      input.layers.forEach((layer, i) => this.db.query("INSERT INTO image_layers (image_id, position, chain_id) VALUES (?, ?, ?)").run(input.id, i, layer.chainId));
      this.db.query("DELETE FROM image_blobs WHERE image_id = ?").run(input.id);
      for (const b of new Set([input.id, input.manifestDigest, ...(input.blobs ?? [])])) {
        this.db.query("INSERT INTO image_blobs (image_id, digest) VALUES (?, ?)").run(input.id, b);
      }
      for (const reference of input.references ?? []) {
        const from = this.setTag(reference, input.id);
        if (from !== undefined && from !== input.id) moved.push({ reference, from });
      }
    })();
    return { image: this.get(input.id)!, movedReferences: moved };
  }

  /** Point `reference` at an image; returns the image it pointed at before, if any. */
  tag(reference: string, imageId: string): string | undefined {
    return this.db.transaction(() => {
      if (!this.db.query("SELECT 1 FROM images WHERE id = ?").get(imageId)) throw new NotFound(`No such image: ${imageId}`);
      return this.setTag(reference, imageId);
    })();
  }

  /** Remove a reference; returns the image it named and how many references that image keeps. */
  untag(reference: string): { imageId: string; remaining: number } {
    return this.db.transaction(() => {
      const row = this.db.query("SELECT image_id FROM tags WHERE reference = ?").get(reference) as { image_id: string } | null;
      if (!row) throw new NotFound(`No such image: ${reference}`);
      this.db.query("DELETE FROM tags WHERE reference = ?").run(reference);
      const { n } = this.db.query("SELECT count(*) AS n FROM tags WHERE image_id = ?").get(row.image_id) as { n: number };
      return { imageId: row.image_id, remaining: n };
    })();
  }

  get(id: string): ImageRecord<Doc> | undefined {
    const row = this.db.query("SELECT * FROM images WHERE id = ?").get(id) as ImageRow | null;
    return row ? this.recordOf(row) : undefined;
  }

  findByReference(reference: string): ImageRecord<Doc> | undefined {
    const row = this.db.query("SELECT image_id FROM tags WHERE reference = ?").get(reference) as { image_id: string } | null;
    return row ? this.get(row.image_id) : undefined;
  }

  /**
   * The image whose id starts with `prefix` (hex digits, with or without "sha256:"); undefined
   * when none does, InvalidArgument when several do.
   */
  findByPrefix(prefix: string): ImageRecord<Doc> | undefined {
    const hex = prefix.startsWith("sha256:") ? prefix.slice(7) : prefix;
    if (!/^[a-f0-9]{1,64}$/.test(hex)) return undefined;
    const rows = this.db.query("SELECT id FROM images WHERE substr(id, 8, ?) = ? LIMIT 2").all(hex.length, hex) as { id: string }[];
    if (rows.length > 1) throw new InvalidArgument(`multiple IDs found with provided prefix: ${prefix}`);
    return rows[0] ? this.get(rows[0].id) : undefined;
  }

  /** By reference first, then by full id or id prefix, as Docker resolves a name. */
  find(nameOrId: string): ImageRecord<Doc> | undefined {
    return this.findByReference(nameOrId) ?? this.get(nameOrId) ?? this.findByPrefix(nameOrId);
  }

  /** All images, oldest first. */
  list(): ImageRecord<Doc>[] {
    return (this.db.query("SELECT * FROM images ORDER BY created, rowid").all() as ImageRow[]).map((r) => this.recordOf(r));
  }

  getLayer(chainId: string): LayerRecord | undefined {
    const row = this.layerRow(chainId);
    return row ? layerOf(row) : undefined;
  }

  listLayers(): LayerRecord[] {
    return (this.db.query("SELECT * FROM layers ORDER BY rowid").all() as LayerRow[]).map(layerOf);
  }

  /** Every blob some image needs: the set to pass to ContentStore.gc. */
  liveBlobs(): Set<string> {
    return new Set((this.db.query("SELECT DISTINCT digest FROM image_blobs").all() as { digest: string }[]).map((r) => r.digest));
  }

  /** Every snapshot key a recorded layer uses (snapshots outside it are leftovers). */
  liveSnapshotKeys(): Set<string> {
    return new Set((this.db.query("SELECT snapshot_key FROM layers").all() as { snapshot_key: string }[]).map((r) => r.snapshot_key));
  }

  /**
   * Delete an image with its references, and the layers and blobs no other image uses, in one
   * transaction. Returns what became unreferenced so the caller can remove the snapshots and
   * blobs (a crash before that leaves leftovers for gc, never a dangling record).
   */
  remove(id: string): RemovedImage<Doc> {
    return this.db.transaction(() => {
      const image = this.get(id);
      if (!image) throw new NotFound(`No such image: ${id}`);
      this.db.query("DELETE FROM images WHERE id = ?").run(id);
      const layers: LayerRecord[] = [];
      for (const chainId of [...image.layers].reverse()) {
        if (this.db.query("SELECT 1 FROM image_layers WHERE chain_id = ? LIMIT 1").get(chainId)) continue;
        if (this.db.query("SELECT 1 FROM layers WHERE parent = ? LIMIT 1").get(chainId)) continue;
        const row = this.layerRow(chainId);
        if (!row) continue;
        this.db.query("DELETE FROM layers WHERE chain_id = ?").run(chainId);
        layers.push(layerOf(row));
      }
      const blobs = image.blobs.filter((b) => !this.db.query("SELECT 1 FROM image_blobs WHERE digest = ? LIMIT 1").get(b));
      return { image, layers, blobs };
    })();
  }

  private setTag(reference: string, imageId: string): string | undefined {
    if (reference === "" || reference.length > 4096 || /\s/.test(reference)) throw new InvalidArgument(`invalid reference format: ${JSON.stringify(reference)}`);
    const prev = this.db.query("SELECT image_id FROM tags WHERE reference = ?").get(reference) as { image_id: string } | null;
    this.db.query("INSERT INTO tags (reference, image_id) VALUES (?, ?) ON CONFLICT(reference) DO UPDATE SET image_id = excluded.image_id").run(reference, imageId);
    return prev?.image_id;
  }

  private layerRow(chainId: string): LayerRow | undefined {
    return (this.db.query("SELECT * FROM layers WHERE chain_id = ?").get(chainId) as LayerRow | null) ?? undefined;
  }

  private recordOf(row: ImageRow): ImageRecord<Doc> {
    const references = (this.db.query("SELECT reference FROM tags WHERE image_id = ? ORDER BY reference").all(row.id) as { reference: string }[]).map((r) => r.reference);
    const layers = (this.db.query("SELECT chain_id FROM image_layers WHERE image_id = ? ORDER BY position").all(row.id) as { chain_id: string }[]).map((r) => r.chain_id);
    const blobs = (this.db.query("SELECT digest FROM image_blobs WHERE image_id = ? ORDER BY digest").all(row.id) as { digest: string }[]).map((r) => r.digest);
    return { id: row.id, manifestDigest: row.manifest_digest, platform: row.platform, size: row.size, created: row.created, doc: JSON.parse(row.doc) as Doc, references, layers, blobs };
  }
}
