/**
 * One account's state: persisted in the object's SQLite, read from memory.
 *
 * The whole account (its row, licenses and active machines: a few rows, at most a few
 * thousand) is loaded once and kept in memory, so the hot path (validate, repeat
 * activations) runs no SQL at all. Writes go through a Change, which writes SQLite and
 * then updates this view. If a transaction fails, the object calls invalidate() and the
 * next read reloads from SQLite, so memory never shows what storage does not hold.
 */
import { productById } from "../src/core/catalog";
import { timingSafeEqualText } from "../src/core/crypto/digest";
import type { AccountRow, LicenseRow, MachineRow, PurchaseRow } from "../src/core/db-schema";
import { AuthStore } from "./auth-store";
import { Change, type StateSink } from "./change";
import { DeviceApprovalStore } from "./device-approval-store";
import { EmailRouteStore } from "./email-routes";
import { ComponentStore, SwapLog } from "./policy-store";
import type { MachineView, CallContext, LicenseView } from "./types";

/** Thrown at the first write attempted while the store is read-only (see AccountObject.commit). */
export const WRITE_NEEDED = Symbol("write needed");

interface State {
  account: AccountRow | null;
  /** Ordered by created_at, id. */
  licenses: LicenseRow[];
  /** Active machines of every license, ordered by activated_at, rev. */
  active: MachineRow[];
}

const byActivation = (a: MachineRow, b: MachineRow) => (a.activated_at === b.activated_at ? a.rev - b.rev : a.activated_at < b.activated_at ? -1 : 1);

export class AccountStore implements StateSink {
  /** Transactions that wrote something: the object flushes and broadcasts after those. */
  commits = 0;
  /** While set, any write throws WRITE_NEEDED instead of touching storage. */
  readOnly = false;
  /** Bumped whenever licenses or machines change: what the live view shows. */
  liveVersion = 0;
  readonly auth: AuthStore;
  readonly devices: DeviceApprovalStore;
  readonly components: ComponentStore;
  readonly swaps: SwapLog;
  readonly emailRoutes: EmailRouteStore;
  private loaded: State | null = null;

  constructor(private readonly sql: SqlStorage) {
    const beginWrite = () => this.beginWrite();
    this.auth = new AuthStore(sql, beginWrite);
    this.devices = new DeviceApprovalStore(sql, beginWrite);
    this.components = new ComponentStore(sql, beginWrite);
    this.swaps = new SwapLog(sql, beginWrite);
    this.emailRoutes = new EmailRouteStore(sql, beginWrite);
  }

  invalidate(): void {
    this.loaded = null;
    this.components.invalidate();
  }

  private get state(): State {
    if (!this.loaded) {
      const rows = <T>(query: string) => this.sql.exec(query).toArray() as unknown as T[];
      this.loaded = {
        account: rows<AccountRow>("SELECT * FROM account LIMIT 1")[0] ?? null,
        licenses: rows<LicenseRow>("SELECT * FROM licenses ORDER BY created_at, id"),
        active: rows<MachineRow>("SELECT * FROM machines WHERE status = 'active' ORDER BY activated_at, rev"),
      };
    }
    return this.loaded;
  }

  account(): AccountRow | null {
    return this.state.account;
  }

  licenses(): LicenseRow[] {
    return this.state.licenses;
  }

  licenseById(id: string): LicenseRow | null {
    return this.state.licenses.find((l) => l.id === id) ?? null;
  }

  licenseForProduct(productId: string): LicenseRow | null {
    return this.state.licenses.find((l) => l.product_id === productId) ?? null;
  }

  /**
   * The license whose key hashes to `keyHash`, compared in constant time against every
   * license of the account (a handful) so timing says nothing about stored hashes.
   */
  licenseByKeyHash(keyHash: string): LicenseRow | null {
    let found: LicenseRow | null = null;
    for (const license of this.state.licenses) {
      if (timingSafeEqualText(license.key_hash, keyHash)) found = license;
    }
    return found;
  }

  activeMachines(licenseId?: string): MachineRow[] {
    return licenseId ? this.state.active.filter((m) => m.license_id === licenseId) : this.state.active;
  }

  activeMachine(licenseId: string, fingerprint: string): MachineRow | null {
    return this.state.active.find((m) => m.license_id === licenseId && m.fingerprint === fingerprint) ?? null;
  }

  activeCount(licenseId: string): number {
    let n = 0;
    for (const m of this.state.active) if (m.license_id === licenseId) n++;
    return n;
  }

  /** Any machine, active or not (rare paths: support and portal actions by id). */

  hasGrant(grantId: string): boolean {
    return this.sql.exec("SELECT 1 FROM grants WHERE id = ?", grantId).toArray().length > 0;
  }

  recordGrant(grantId: string, licenseId: string, seats: number, at: string): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO grants (id, license_id, seats, created_at) VALUES (?, ?, ?, ?)", grantId, licenseId, seats, at);
  }

  // Purchases and Stripe facts: rare paths, read straight from SQLite.

  purchaseBySession(sessionId: string): PurchaseRow | null {
    return (this.sql.exec("SELECT * FROM purchases WHERE checkout_session_id = ?", sessionId).toArray()[0] as PurchaseRow | undefined) ?? null;
  }

  purchaseByPaymentIntent(paymentIntentId: string): PurchaseRow | null {
    const row = this.sql.exec("SELECT * FROM purchases WHERE payment_intent_id = ? ORDER BY created_at LIMIT 1", paymentIntentId).toArray()[0];
    return (row as PurchaseRow | undefined) ?? null;
  }

  purchases(): PurchaseRow[] {
    return this.sql.exec("SELECT * FROM purchases ORDER BY created_at DESC, id DESC").toArray() as unknown as PurchaseRow[];
  }

  stripeEventSeen(eventId: string): boolean {
    return this.sql.exec("SELECT 1 FROM stripe_events WHERE id = ?", eventId).toArray().length > 0;
  }

  recordStripeEvent(eventId: string, type: string, at: string): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO stripe_events (id, type, applied_at) VALUES (?, ?, ?)", eventId, type, at);
  }

  disputeState(disputeId: string): "open" | "won" | "lost" | null {
    const row = this.sql.exec<{ status: string }>("SELECT status FROM disputes WHERE id = ?", disputeId).toArray()[0];
    return (row?.status as "open" | "won" | "lost" | undefined) ?? null;
  }

  putDispute(disputeId: string, purchaseId: string, status: string, at: string): void {
    this.beginWrite();
    this.sql.exec(
      "INSERT INTO disputes (id, purchase_id, status, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
      disputeId,
      purchaseId,
      status,
      at,
    );
  }

  openDisputes(purchaseId: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM disputes WHERE status = 'open' AND purchase_id = ?", purchaseId).one().n;
  }

  /** Seats a purchase's open dispute withholds from its license, or null if none are withheld. */
  withheldSeats(purchaseId: string): number | null {
    return this.sql.exec<{ seats: number }>("SELECT seats FROM withheld_seats WHERE purchase_id = ?", purchaseId).toArray()[0]?.seats ?? null;
  }

  /** How many purchases of the license have seats withheld (which a won dispute may give back). */
  purchasesWithheld(licenseId: string): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM withheld_seats WHERE license_id = ?", licenseId).one().n;
  }

  putWithheld(purchaseId: string, licenseId: string, seats: number, at: string): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO withheld_seats (purchase_id, license_id, seats, since) VALUES (?, ?, ?, ?)", purchaseId, licenseId, seats, at);
  }

  deleteWithheld(purchaseId: string): void {
    this.beginWrite();
    this.sql.exec("DELETE FROM withheld_seats WHERE purchase_id = ?", purchaseId);
  }

  /** Recipient of a purchase's license email while it has not been confirmed sent. */
  pendingMail(purchaseId: string): string | null {
    const row = this.sql.exec<{ recipient: string }>("SELECT recipient FROM purchase_mail WHERE purchase_id = ? AND sent_at IS NULL", purchaseId).toArray()[0];
    return row?.recipient ?? null;
  }

  queueMail(purchaseId: string, recipient: string): void {
    this.beginWrite();
    this.sql.exec("INSERT INTO purchase_mail (purchase_id, recipient) VALUES (?, ?) ON CONFLICT (purchase_id) DO NOTHING", purchaseId, recipient);
  }

  /** True if this call recorded the sending (false: unknown purchase or already recorded). */
  markMailSent(purchaseId: string, at: string): boolean {
    if (this.pendingMail(purchaseId) === null) return false;
    this.beginWrite();
    this.sql.exec("UPDATE purchase_mail SET sent_at = ? WHERE purchase_id = ?", at, purchaseId);
    return true;
  }

  /** Starts the writes of one transaction. */
  change(nowMs: number, context: CallContext, accountId: string): Change {
    return new Change(this.sql, nowMs, context, accountId, this);
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

  // StateSink: called by Change.
  private writing = false;

  beginWrite(): void {
    if (this.readOnly) throw WRITE_NEEDED;
    if (!this.writing) {
      this.writing = true;
      this.commits++;
    }
  }

  /** The object calls this when its transaction has ended, committed or not. */
  endWrite(): void {
    this.writing = false;
  }

  applied(record: Parameters<StateSink["applied"]>[0]): void {
    if (record.kind === "license" || record.kind === "machine") this.liveVersion++;
    const state = this.state;
    switch (record.kind) {
      case "account":
        state.account = record.row;
        break;
      case "license": {
        const i = state.licenses.findIndex((l) => l.id === record.row.id);
        if (i >= 0) state.licenses[i] = record.row;
        else state.licenses.push(record.row);
        break;
      }
      case "purchase":
        // Purchases are read from SQLite when needed (rare paths); nothing cached.
        break;
      case "machine": {
        state.active = state.active.filter((m) => m.id !== record.row.id);
        if (record.row.status === "active") {
          state.active.push(record.row);
          state.active.sort(byActivation);
        }
        break;
      }
    }
  }
}

export function machineView(machine: MachineRow): MachineView {
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
