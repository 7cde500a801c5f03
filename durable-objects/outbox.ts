/**
 * Transactional outbox: the transaction that changes the account appends the D1 writes
 * that mirror the change (plus its audit event) here, in order. Flushing sends them to
 * D1 in that order with batch() and deletes them only after D1 accepted them, so D1
 * converges to the object's state and nothing is lost while D1 is down.
 *
 * A row D1 refuses for good (a constraint it violates) is parked: moved, with D1's
 * reason, to `outbox_parked`, where support sees it, so it cannot hold back every row
 * committed after it.
 */
import type { OutboxRecord } from "./d1-mirror";

export function appendOutbox(sql: SqlStorage, record: OutboxRecord): void {
  sql.exec("INSERT INTO outbox (kind, payload) VALUES (?, ?)", record.kind, JSON.stringify(record.row));
}

export function pendingOutbox(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox").one().n;
}

export interface OutboxEntry {
  seq: number;
  record: OutboxRecord;
}

export interface OutboxBatch {
  lastSeq: number;
  entries: OutboxEntry[];
}

/** The oldest `limit` rows, in commit order. */
export function readOutbox(sql: SqlStorage, limit: number): OutboxBatch | null {
  const rows = sql.exec<{ seq: number; kind: string; payload: string }>("SELECT seq, kind, payload FROM outbox ORDER BY seq LIMIT ?", limit).toArray();
  if (rows.length === 0) return null;
  return {
    lastSeq: rows[rows.length - 1]!.seq,
    entries: rows.map((r) => ({ seq: r.seq, record: { kind: r.kind, row: JSON.parse(r.payload) } as OutboxRecord })),
  };
}

export function deleteFlushed(sql: SqlStorage, lastSeq: number): void {
  sql.exec("DELETE FROM outbox WHERE seq <= ?", lastSeq);
}

export function deleteOne(sql: SqlStorage, seq: number): void {
  sql.exec("DELETE FROM outbox WHERE seq = ?", seq);
}

/** D1's reasons are short; a cap keeps one odd message from bloating the table or the admin view. */
const MAX_ERROR_CHARS = 500;

/** Moves one row out of the outbox into `outbox_parked`, atomically. */
export function parkRow(storage: DurableObjectStorage, entry: OutboxEntry, error: string, at: string): void {
  storage.transactionSync(() => {
    storage.sql.exec(
      "INSERT INTO outbox_parked (seq, kind, payload, error, parked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING",
      entry.seq,
      entry.record.kind,
      JSON.stringify(entry.record.row),
      error.slice(0, MAX_ERROR_CHARS),
      at,
    );
    deleteOne(storage.sql, entry.seq);
  });
}

/** What support sees of a parked row: which row, which version, when and why (not its contents). */
export interface ParkedRow {
  seq: number;
  kind: OutboxRecord["kind"];
  row_id: string;
  rev: number | null;
  parked_at: string;
  error: string;
}

export function parkedRows(sql: SqlStorage, limit: number): ParkedRow[] {
  return sql
    .exec<{ seq: number; kind: string; payload: string; error: string; parked_at: string }>(
      "SELECT seq, kind, payload, error, parked_at FROM outbox_parked ORDER BY seq LIMIT ?",
      limit,
    )
    .toArray()
    .map((r) => {
      const row = JSON.parse(r.payload) as { id: string; rev?: number };
      return { seq: r.seq, kind: r.kind as ParkedRow["kind"], row_id: row.id, rev: row.rev ?? null, parked_at: r.parked_at, error: r.error };
    });
}

/** Rows per D1 batch: one statement each, well under D1's per-batch limits. */
export const FLUSH_BATCH_SIZE = 50;

/** A short delay before the safety-net alarm, so a normal flush usually finishes first. */
export const SAFETY_ALARM_MS = 30_000;

/**
 * Retry delay after `failures` consecutive failed flushes: 1 s doubling to a 5-minute
 * cap, with ±20 % jitter so many objects recovering from one D1 outage do not retry in
 * lockstep.
 */
export function retryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 1_000 * 2 ** Math.max(0, Math.min(failures - 1, 20)));
  return Math.round(base * (0.8 + 0.4 * random()));
}
