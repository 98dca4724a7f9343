import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/**
 * bunker.db: the daemon's metadata in bun:sqlite (WAL). Each kind of object is a table of JSON
 * documents keyed by id, with the columns lookups need; every change is one transaction.
 */
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
  }

  /** The documents of a table, in creation order. */
  all<T>(table: "containers"): T[] {
    return this.db.query(`SELECT doc FROM ${table} ORDER BY created, rowid`).all().map((r) => JSON.parse((r as { doc: string }).doc) as T);
  }

  get<T>(table: "containers", id: string): T | undefined {
    const row = this.db.query(`SELECT doc FROM ${table} WHERE id = ?`).get(id) as { doc: string } | null;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  /** Insert or replace a document. A second document with the same name fails (UNIQUE). */
  put(table: "containers", doc: { id: string; name: string; created: string }): void {
    this.db.query(`INSERT INTO ${table} (id, name, created, doc) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, doc = excluded.doc`).run(doc.id, doc.name, doc.created, JSON.stringify(doc));
  }

  delete(table: "containers", id: string): void {
    this.db.query(`DELETE FROM ${table} WHERE id = ?`).run(id);
  }

  close(): void {
    this.db.close();
  }
}
