/**
 * The writes of one transaction. Each put stamps the row with the transaction's
 * revision, writes it to the object's SQLite, appends the matching D1 write to the
 * outbox and updates the store's in-memory view — all inside the caller's
 * transactionSync, so the row, its mirror and its audit event commit together or not
 * at all.
 */
import type { AccountRow, AuditEventRow, LicenseRow, MachineRow, PurchaseRow } from "../src/core/db-schema";
import { newEventId } from "../src/core/ids";
import type { OutboxRecord } from "./d1-mirror";
import { appendOutbox } from "./outbox";
import type { CallContext } from "./types";

type Row = Record<string, SqlStorageValue>;

type MirroredRecord = Exclude<OutboxRecord, { kind: "audit" }>;

/**
 * The object's own table for each kind of row it mirrors to D1 (audit events go to the
 * outbox only). Each has exactly the columns of its D1 table: a put writes every field of
 * the D1 row type, and rows read back with `SELECT *` are upserted to D1 as they are
 * (test/engine/object-mirror-schema.test.ts compares the two schemas).
 */
export const OBJECT_TABLES = {
  account: "account",
  license: "licenses",
  machine: "machines",
  purchase: "purchases",
} as const satisfies Record<MirroredRecord["kind"], string>;

export interface StateSink {
  /** Called before the first write of the transaction (may refuse it). */
  beginWrite(): void;
  applied(record: MirroredRecord): void;
}

export class Change {
  readonly at: string;
  private started = false;

  constructor(
    private readonly sql: SqlStorage,
    readonly nowMs: number,
    private readonly context: CallContext,
    private readonly accountId: string,
    private readonly sink: StateSink,
  ) {
    this.at = new Date(nowMs).toISOString();
  }

  /**
   * A fresh revision for every row written: a row written twice in one transaction
   * (a purchase created, then paid) must reach D1 as its last version, and D1 applies an
   * upsert only when its rev is newer.
   */
  private get rev(): number {
    this.begin();
    return Number(this.sql.exec<{ value: string }>("UPDATE meta SET value = value + 1 WHERE key = 'rev' RETURNING value").one().value);
  }

  private begin(): void {
    if (!this.started) {
      this.sink.beginWrite();
      this.started = true;
    }
  }

  putAccount(row: Omit<AccountRow, "rev">): AccountRow {
    const full = { ...row, rev: this.rev };
    this.write({ kind: "account", row: full });
    return full;
  }

  putLicense(row: Omit<LicenseRow, "rev">): LicenseRow {
    const full = { ...row, rev: this.rev };
    this.write({ kind: "license", row: full });
    return full;
  }

  putMachine(row: Omit<MachineRow, "rev">): MachineRow {
    const full = { ...row, rev: this.rev };
    this.write({ kind: "machine", row: full });
    return full;
  }

  audit(action: string, target: { type: string; id: string } | null, data: Record<string, unknown> = {}): AuditEventRow {
    this.begin();
    const row: AuditEventRow = {
      id: newEventId(this.nowMs),
      account_id: this.accountId,
      at: this.at,
      actor_type: this.context.actor.type,
      actor_id: this.context.actor.id,
      action,
      target_type: target?.type ?? null,
      target_id: target?.id ?? null,
      data: JSON.stringify(data),
      request_id: this.context.requestId,
    };
    appendOutbox(this.sql, { kind: "audit", row });
    return row;
  }

  /** A new license with its first seats, and its `license.created` event. */
  createLicense(
    input: { accountId: string; productId: string; seats: number; key: { id: string; keyHash: string; keyCiphertext: string } },
    data: Record<string, unknown>,
  ): LicenseRow {
    const license = this.putLicense({
      id: input.key.id,
      account_id: input.accountId,
      product_id: input.productId,
      key_hash: input.key.keyHash,
      key_ciphertext: input.key.keyCiphertext,
      status: "active",
      seats: input.seats,
      created_at: this.at,
      updated_at: this.at,
    });
    this.audit("license.created", { type: "license", id: license.id }, { product: input.productId, seats: input.seats, ...data });
    return license;
  }

  putPurchase(row: Omit<PurchaseRow, "rev">): PurchaseRow {
    const full = { ...row, rev: this.rev };
    this.write({ kind: "purchase", row: full });
    return full;
  }

  private write(record: MirroredRecord): void {
    const table = OBJECT_TABLES[record.kind];
    const entries = Object.entries(record.row as unknown as Row);
    const columns = entries.map(([k]) => k);
    const updates = columns.filter((c) => c !== "id").map((c) => `${c} = excluded.${c}`);
    this.sql.exec(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})
       ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
      ...entries.map(([, v]) => v),
    );
    appendOutbox(this.sql, record);
    this.sink.applied(record);
  }
}
