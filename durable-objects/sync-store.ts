/**
 * The account's synced documents, in the object's own SQLite (table `sync_documents`,
 * schema v8): the customer's data, so never mirrored to D1 and never in the outbox.
 * A delete leaves a tombstone (no data, its revision kept), so a machine that missed the
 * delete learns of it, and a name created again continues its revisions.
 *
 * Nothing is cached in memory: a document is up to 64 KiB and an account may hold 100,
 * and SQLite in the object is local, so each call reads what it needs.
 */
import { MAX_TOMBSTONES } from "../src/core/sync-rules";

export interface DocumentRow {
  name: string;
  rev: number;
  /** Compact JSON text; null for a tombstone. */
  data: string | null;
  size: number;
  updated_at: string;
  /** Activation id of the writer, or "portal" for the customer's delete in the portal. */
  updated_by: string;
  deleted: number;
}

export type DocumentSummary = Omit<DocumentRow, "data">;

const SUMMARY = "name, rev, size, updated_at, updated_by, deleted";

export class SyncStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Summaries by name; tombstones only when asked for. */
  list(includeDeleted: boolean): DocumentSummary[] {
    const where = includeDeleted ? "" : "WHERE deleted = 0";
    return this.sql.exec(`SELECT ${SUMMARY} FROM sync_documents ${where} ORDER BY name`).toArray() as unknown as DocumentSummary[];
  }

  summary(name: string): DocumentSummary | null {
    return (this.sql.exec(`SELECT ${SUMMARY} FROM sync_documents WHERE name = ?`, name).toArray()[0] as unknown as DocumentSummary | undefined) ?? null;
  }

  get(name: string): DocumentRow | null {
    return (this.sql.exec("SELECT * FROM sync_documents WHERE name = ?", name).toArray()[0] as unknown as DocumentRow | undefined) ?? null;
  }

  liveCount(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM sync_documents WHERE deleted = 0").one().n;
  }

  /** The revision every name that held nothing continues above (see MAX_TOMBSTONES). */
  floor(): number {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'sync_rev_floor'").toArray()[0];
    return row ? Number(row.value) : 0;
  }

  write(row: DocumentRow): void {
    this.sql.exec(
      `INSERT INTO sync_documents (name, rev, data, size, updated_at, updated_by, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET rev = excluded.rev, data = excluded.data, size = excluded.size,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by, deleted = excluded.deleted`,
      row.name,
      row.rev,
      row.data,
      row.size,
      row.updated_at,
      row.updated_by,
      row.deleted,
    );
  }

  /** Drops the oldest tombstones past the limit, raising the floor to their highest revision. */
  trimTombstones(limit = MAX_TOMBSTONES): void {
    const excess = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM sync_documents WHERE deleted = 1").one().n - limit;
    if (excess <= 0) return;
    const dropped = this.sql
      .exec<{ name: string; rev: number }>("SELECT name, rev FROM sync_documents WHERE deleted = 1 ORDER BY updated_at, name LIMIT ?", excess)
      .toArray();
    const floor = Math.max(this.floor(), ...dropped.map((d) => d.rev));
    for (const d of dropped) this.sql.exec("DELETE FROM sync_documents WHERE name = ? AND deleted = 1", d.name);
    this.sql.exec("INSERT INTO meta (key, value) VALUES ('sync_rev_floor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", String(floor));
  }

  /** Machine names of writers (active or not), for the portal's "changed on". */
  machineNames(activationIds: readonly string[]): Map<string, string | null> {
    const names = new Map<string, string | null>();
    for (const id of new Set(activationIds)) {
      const row = this.sql.exec<{ name: string | null }>("SELECT name FROM machines WHERE id = ?", id).toArray()[0];
      if (row) names.set(id, row.name);
    }
    return names;
  }
}
