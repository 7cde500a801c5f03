/**
 * Synchronous reads and writes of one account's state in the object's SQLite. Every
 * write goes through a Change, which stamps the row with the transaction's revision and
 * appends the matching D1 write (and audit event) to the outbox in the same
 * transaction. Callers run all of it inside storage.transactionSync.
 */
import { productById } from "../src/catalog";
import { timingSafeEqualText } from "../src/crypto/digest";
import type { AccountRow, AuditEventRow, LicenseRow, MachineRow } from "../src/db/schema";
import { newEventId } from "../src/ids";
import type { OutboxRecord } from "./d1-mirror";
import { appendOutbox } from "./outbox";
import type { ActivationView, CallContext, LicenseView } from "./types";

type Row = Record<string, SqlStorageValue>;

export class AccountStore {
  /** Transactions that wrote something: the object flushes and broadcasts after those. */
  commits = 0;

  constructor(private readonly sql: SqlStorage) {}

  account(): AccountRow | null {
    return (this.sql.exec("SELECT * FROM account LIMIT 1").toArray()[0] as AccountRow | undefined) ?? null;
  }

  licenses(): LicenseRow[] {
    return this.sql.exec("SELECT * FROM licenses ORDER BY created_at, id").toArray() as unknown as LicenseRow[];
  }

  licenseById(id: string): LicenseRow | null {
    return (this.sql.exec("SELECT * FROM licenses WHERE id = ?", id).toArray()[0] as LicenseRow | undefined) ?? null;
  }

  licenseForProduct(productId: string): LicenseRow | null {
    const row = this.sql.exec("SELECT * FROM licenses WHERE product_id = ? ORDER BY created_at LIMIT 1", productId).toArray()[0];
    return (row as LicenseRow | undefined) ?? null;
  }

  /**
   * The license whose key hashes to `keyHash`. Compared in constant time against every
   * license of the account (a handful), rather than with an indexed lookup whose timing
   * depends on the stored hashes.
   */
  licenseByKeyHash(keyHash: string): LicenseRow | null {
    let found: LicenseRow | null = null;
    for (const license of this.licenses()) {
      if (timingSafeEqualText(license.key_hash, keyHash)) found = license;
    }
    return found;
  }

  activeMachines(licenseId?: string): MachineRow[] {
    const rows = licenseId
      ? this.sql.exec("SELECT * FROM machines WHERE license_id = ? AND status = 'active' ORDER BY activated_at, rev", licenseId)
      : this.sql.exec("SELECT * FROM machines WHERE status = 'active' ORDER BY activated_at, rev");
    return rows.toArray() as unknown as MachineRow[];
  }

  activeMachine(licenseId: string, fingerprint: string): MachineRow | null {
    const row = this.sql
      .exec("SELECT * FROM machines WHERE license_id = ? AND fingerprint = ? AND status = 'active'", licenseId, fingerprint)
      .toArray()[0];
    return (row as MachineRow | undefined) ?? null;
  }

  machineById(id: string): MachineRow | null {
    return (this.sql.exec("SELECT * FROM machines WHERE id = ?", id).toArray()[0] as MachineRow | undefined) ?? null;
  }

  activeCount(licenseId: string): number {
    return this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM machines WHERE license_id = ? AND status = 'active'", licenseId)
      .one().n;
  }

  hasGrant(grantId: string): boolean {
    return this.sql.exec("SELECT 1 FROM grants WHERE id = ?", grantId).toArray().length > 0;
  }

  recordGrant(grantId: string, licenseId: string, seats: number, at: string): void {
    this.sql.exec("INSERT INTO grants (id, license_id, seats, created_at) VALUES (?, ?, ?, ?)", grantId, licenseId, seats, at);
  }

  /** Starts the writes of one transaction. */
  change(nowMs: number, context: CallContext, accountId: string): Change {
    return new Change(this.sql, nowMs, context, accountId, () => this.commits++);
  }

  licenseView(license: LicenseRow): LicenseView {
    return {
      id: license.id,
      status: license.status,
      seats: license.seats,
      seats_used: this.activeCount(license.id),
      product: license.product_id,
      entitlements: [...(productById(license.product_id)?.entitlements ?? [])],
    };
  }
}

export function activationView(machine: MachineRow): ActivationView {
  return {
    id: machine.id,
    fingerprint: machine.fingerprint,
    name: machine.name,
    platform: machine.platform,
    app_version: machine.app_version,
    activated_at: machine.activated_at,
    last_seen_at: machine.last_seen_at,
  };
}

export class Change {
  readonly at: string;
  private revision: number | null = null;

  constructor(
    private readonly sql: SqlStorage,
    readonly nowMs: number,
    private readonly context: CallContext,
    private readonly accountId: string,
    private readonly onFirstWrite: () => void,
  ) {
    this.at = new Date(nowMs).toISOString();
  }

  /** One revision per transaction, taken on the first write. */
  get rev(): number {
    if (this.revision === null) {
      this.onFirstWrite();
      this.revision = Number(
        this.sql.exec<{ value: string }>("UPDATE meta SET value = value + 1 WHERE key = 'rev' RETURNING value").one().value,
      );
    }
    return this.revision;
  }

  putAccount(row: Omit<AccountRow, "rev">): AccountRow {
    const full = { ...row, rev: this.rev };
    this.upsert("account", full);
    this.mirror({ kind: "account", row: full });
    return full;
  }

  putLicense(row: Omit<LicenseRow, "rev">): LicenseRow {
    const full = { ...row, rev: this.rev };
    this.upsert("licenses", full);
    this.mirror({ kind: "license", row: full });
    return full;
  }

  putMachine(row: Omit<MachineRow, "rev">): MachineRow {
    const full = { ...row, rev: this.rev };
    this.upsert("machines", full);
    this.mirror({ kind: "machine", row: full });
    return full;
  }

  audit(action: string, target: { type: string; id: string } | null, data: Record<string, unknown> = {}): AuditEventRow {
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
    this.mirror({ kind: "audit", row });
    return row;
  }

  private mirror(record: OutboxRecord): void {
    appendOutbox(this.sql, record);
  }

  private upsert(table: string, row: object): void {
    const entries = Object.entries(row as Row);
    const columns = entries.map(([k]) => k);
    const updates = columns.filter((c) => c !== "id").map((c) => `${c} = excluded.${c}`);
    this.sql.exec(
      `INSERT INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})
       ON CONFLICT (id) DO UPDATE SET ${updates.join(", ")}`,
      ...entries.map(([, v]) => v),
    );
  }
}
