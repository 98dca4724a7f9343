import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * bunker.db: the daemon's metadata in bun:sqlite (WAL). Each kind of object is a table of JSON
 * documents keyed by id, with the columns lookups need; every change is one transaction.
 */
/** Tables of JSON documents keyed by id, with a unique name. */
export type DocTable = "containers" | "volumes" | "networks";

export class MetadataDb {
  private readonly db: Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    this.db = new Database(file, { create: true, strict: true });
    this.db.run("PRAGMA journal_mode = WAL");
    this.db.run("PRAGMA busy_timeout = 5000");
    this.db.run(`CREATE TABLE IF NOT EXISTS containers (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created TEXT NOT NULL,
      doc TEXT NOT NULL
    )`);
    this.db.run(`CREATE TABLE IF NOT EXISTS volumes (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created TEXT NOT NULL,
      doc TEXT NOT NULL
    )`);
    this.db.run(`CREATE TABLE IF NOT EXISTS networks (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      created TEXT NOT NULL,
      doc TEXT NOT NULL
    )`);
    this.createImageTables();
    // The build cache (see build-cache.ts): a step's key → the image the step made.
    this.db.run(`CREATE TABLE IF NOT EXISTS build_cache (
      key TEXT PRIMARY KEY,
      image_id TEXT NOT NULL,
      created TEXT NOT NULL
    )`);
    this.db.run("CREATE INDEX IF NOT EXISTS build_cache_image ON build_cache(image_id)");
  }

  /**
   * Images and their layers (see image-records.ts, which owns the queries):
   * - images: one row per image, id = config digest; doc is the JSON the image/ code keeps.
   * - tags: reference (normalised `name:tag` or `name@digest`) → image id.
   * - layers: one row per chain id (shared by images), with its diff id, parent chain id,
   *   size and snapshot key.
   * - image_layers: an image's chain ids by position (0 = bottom); image_blobs: the content
   *   store blobs an image needs (manifest, config, layer blobs), for gc.
   */
  private createImageTables(): void {
    this.db.run("PRAGMA foreign_keys = ON");
    this.db.run(`CREATE TABLE IF NOT EXISTS images (
      id TEXT PRIMARY KEY,
      manifest_digest TEXT NOT NULL,
      platform TEXT NOT NULL,
      size INTEGER NOT NULL,
      created TEXT NOT NULL,
      doc TEXT NOT NULL
    )`);
    this.db.run(`CREATE TABLE IF NOT EXISTS tags (
      reference TEXT PRIMARY KEY,
      image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE
    )`);
    this.db.run("CREATE INDEX IF NOT EXISTS tags_image ON tags(image_id)");
    this.db.run(`CREATE TABLE IF NOT EXISTS layers (
      chain_id TEXT PRIMARY KEY,
      diff_id TEXT NOT NULL,
      parent TEXT REFERENCES layers(chain_id),
      size INTEGER NOT NULL,
      snapshot_key TEXT NOT NULL UNIQUE
    )`);
    this.db.run(`CREATE TABLE IF NOT EXISTS image_layers (
      image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      chain_id TEXT NOT NULL REFERENCES layers(chain_id),
      PRIMARY KEY (image_id, position)
    )`);
    this.db.run("CREATE INDEX IF NOT EXISTS image_layers_chain ON image_layers(chain_id)");
    this.db.run(`CREATE TABLE IF NOT EXISTS image_blobs (
      image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
      digest TEXT NOT NULL,
      PRIMARY KEY (image_id, digest)
    )`);
    this.db.run("CREATE INDEX IF NOT EXISTS image_blobs_digest ON image_blobs(digest)");
  }

  /** The connection itself, for store/'s repositories (image-records.ts); nothing else. */
  get sqlite(): Database {
    return this.db;
  }

  /** The documents of a table, in creation order. */
  all<T>(table: DocTable): T[] {
    return this.db.query(`SELECT doc FROM ${table} ORDER BY created, rowid`).all().map((r) => JSON.parse((r as { doc: string }).doc) as T);
  }

  get<T>(table: DocTable, id: string): T | undefined {
    const row = this.db.query(`SELECT doc FROM ${table} WHERE id = ?`).get(id) as { doc: string } | null;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  /** Insert or replace a document. A second document with the same name fails (UNIQUE). */
  put<T extends { id: string; name: string; created: string }>(table: DocTable, doc: T): void {
    this.db.query(`INSERT INTO ${table} (id, name, created, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, doc = excluded.doc`).run(doc.id, doc.name, doc.created, JSON.stringify(doc));
  }

  delete(table: DocTable, id: string): void {
    this.db.query(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  close(): void {
    this.db.close();
  }
}
