/**
 * How an outbox record becomes a D1 statement. Every statement is idempotent and
 * order-safe: mutable rows are upserted only when the incoming `rev` is newer than the
 * stored one, audit events are insert-once. So a batch that is sent twice (an alarm
 * firing twice, a flush racing a restarted instance) can never move D1 backwards.
 */
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  accounts,
  auditEvents,
  licenses,
  machines,
  purchases,
  type AccountRow,
  type AuditEventRow,
  type LicenseRow,
  type MachineRow,
  type PurchaseRow,
} from "../src/core/db-schema";

export type OutboxRecord =
  | { kind: "account"; row: AccountRow }
  | { kind: "license"; row: LicenseRow }
  | { kind: "machine"; row: MachineRow }
  | { kind: "purchase"; row: PurchaseRow }
  | { kind: "audit"; row: AuditEventRow };

type Db = ReturnType<typeof drizzle>;

function upsertNewer<T extends SQLiteTable & { id: any; rev: any }>(db: Db, table: T, row: T["$inferInsert"]) {
  const { id: _id, ...rest } = row as Record<string, unknown>;
  return db
    .insert(table)
    .values(row)
    .onConflictDoUpdate({ target: table.id, set: rest as any, setWhere: sql`excluded.rev > ${table.rev}` });
}

export function mirrorStatement(db: Db, record: OutboxRecord): BatchItem<"sqlite"> {
  switch (record.kind) {
    case "account":
      return upsertNewer(db, accounts, record.row);
    case "license":
      return upsertNewer(db, licenses, record.row);
    case "machine":
      return upsertNewer(db, machines, record.row);
    case "purchase":
      return upsertNewer(db, purchases, record.row);
    case "audit":
      return db.insert(auditEvents).values(record.row).onConflictDoNothing({ target: auditEvents.id });
  }
}

/** Applies records to D1 as one batch (one D1 transaction, statements in order). */
export async function applyToD1(database: D1Database, records: readonly OutboxRecord[]): Promise<void> {
  if (records.length === 0) return;
  const db = drizzle(database);
  const [first, ...rest] = records.map((r) => mirrorStatement(db, r));
  await db.batch([first!, ...rest]);
}
