import type { Database } from "bun:sqlite";
import type { MetadataDb } from "./metadata-db.ts";

/** One remembered build step: its cache key and the image the step produced. */
export interface BuildCacheEntry {
  key: string;
  imageId: string;
  created: string;
}

/**
 * The build cache in bunker.db (table build_cache): a step's key (its parent image, the
 * instruction after substitution, the build arguments in effect, the checksum of what it
 * copies) → the image the step made. Lives as long as the images it names; prune forgets it.
 */
export class BuildCacheRecords {
  private readonly db: Database;

  constructor(metadata: MetadataDb) {
    this.db = metadata.sqlite;
  }

  get(key: string): BuildCacheEntry | undefined {
    const row = this.db.query("SELECT key, image_id, created FROM build_cache WHERE key = ?").get(key) as { key: string; image_id: string; created: string } | null;
    return row ? { key: row.key, imageId: row.image_id, created: row.created } : undefined;
  }

  put(key: string, imageId: string): void {
    this.db.query("INSERT INTO build_cache (key, image_id, created) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET image_id = excluded.image_id, created = excluded.created").run(key, imageId, new Date().toISOString());
  }

  list(): BuildCacheEntry[] {
    return (this.db.query("SELECT key, image_id, created FROM build_cache ORDER BY created").all() as { key: string; image_id: string; created: string }[]).map((r) => ({ key: r.key, imageId: r.image_id, created: r.created }));
  }

  /** Forget every entry that names `imageId` (the image is gone). */
  forgetImage(imageId: string): void {
    this.db.query("DELETE FROM build_cache WHERE image_id = ?").run(imageId);
  }

  /** The ids of every image the cache names. */
  imageIds(): Set<string> {
    return new Set((this.db.query("SELECT DISTINCT image_id FROM build_cache").all() as { image_id: string }[]).map((r) => r.image_id));
  }
}
