/**
 * How one purchase's seats move on its license, inside the caller's transaction:
 * withheld while a dispute is open, given back when the last one is won, withdrawn for
 * good by a full refund or a lost dispute. A purchase only ever moves its own seats
 * (never more than the license holds: see seatsToTake), so no event on one purchase
 * can take what other purchases paid for or support granted. Machines over a lowered
 * limit lose their seats newest first; every change is audited.
 */
import type { LicenseRow, PurchaseRow } from "../src/core/db-schema";
import type { AccountStore } from "./account-store";
import type { Change } from "./change";
import { seatsToTake, statusAfterRelease, statusAfterWithdraw, statusAfterWithhold } from "./purchase-rules";
import { machinesOverLimit } from "../src/core/seat-rules";
import type { LicenseStatus } from "./types";

const STATUS_ACTIONS: Record<LicenseStatus, string> = { active: "license.restored", suspended: "license.suspended", revoked: "license.revoked" };

type Data = Record<string, unknown>;

const licenseOf = (store: AccountStore, purchase: PurchaseRow): LicenseRow | null => (purchase.license_id ? store.licenseById(purchase.license_id) : null);

/** A dispute opened on a granted purchase: its seats leave the license until the dispute closes. Returns the seats withheld. */
export function withholdSeats(store: AccountStore, change: Change, purchase: PurchaseRow, data: Data): number {
  const license = licenseOf(store, purchase);
  if (!license || store.withheldSeats(purchase.id) !== null) return 0;
  const taken = seatsToTake(purchase.seats, license.seats);
  store.putWithheld(purchase.id, license.id, taken, change.at);
  // Nothing taken (the license already had none): nothing changes, so nothing to suspend.
  if (taken > 0) {
    const seats = license.seats - taken;
    changeLicense(change, license, { seats, status: statusAfterWithhold(license.status, seats) }, { purchase_id: purchase.id, ...data });
    dropOverLimit(store, change, license.id, seats, { reason: "dispute", purchase_id: purchase.id, ...data });
  }
  return taken;
}

/**
 * The purchase's last open dispute was won: exactly the seats it withheld come back,
 * and a suspended license with seats is active again. (A dispute opened before seats
 * were withheld, under the old rule, has no row: it only lifts the suspension.)
 */
export function releaseSeats(store: AccountStore, change: Change, purchase: PurchaseRow, data: Data): number {
  const license = licenseOf(store, purchase);
  if (!license) return 0;
  const held = store.withheldSeats(purchase.id);
  if (held !== null) store.deleteWithheld(purchase.id);
  const seats = license.seats + (held ?? 0);
  changeLicense(change, license, { seats, status: statusAfterRelease(license.status, seats) }, { purchase_id: purchase.id, ...data });
  return held ?? 0;
}

/**
 * A full refund or a lost dispute: the purchase's seats leave for good. Seats already
 * withheld by its dispute simply stay out. Returns the seats the purchase took in all.
 */
export function withdrawSeats(store: AccountStore, change: Change, purchase: PurchaseRow, reason: string, data: Data = {}): number {
  const license = licenseOf(store, purchase);
  if (!license) return 0;
  const held = store.withheldSeats(purchase.id);
  let seats = license.seats;
  let taken: number;
  if (held !== null) {
    store.deleteWithheld(purchase.id);
    taken = held;
  } else {
    taken = seatsToTake(purchase.seats, license.seats);
    seats -= taken;
  }
  const status = statusAfterWithdraw(license.status, seats, store.purchasesWithheld(license.id) > 0);
  changeLicense(change, license, { seats, status }, { purchase_id: purchase.id, reason, ...data });
  dropOverLimit(store, change, license.id, seats, { reason, purchase_id: purchase.id, ...data });
  return taken;
}

function dropOverLimit(store: AccountStore, change: Change, licenseId: string, seats: number, data: Data): void {
  for (const machine of machinesOverLimit(store.activeMachines(licenseId), seats)) {
    change.putMachine({ ...machine, status: "deactivated", deactivated_at: change.at });
    change.audit("machine.deactivated", { type: "machine", id: machine.id }, { license_id: licenseId, fingerprint: machine.fingerprint, ...data });
  }
}

/** Writes the license only if it changed, with one audit event per change. */
export function changeLicense(change: Change, license: LicenseRow, next: { seats: number; status: LicenseStatus }, data: Data): LicenseRow {
  if (next.seats === license.seats && next.status === license.status) return license;
  const updated = change.putLicense({ ...license, seats: next.seats, status: next.status, updated_at: change.at });
  if (next.seats !== license.seats)
    change.audit("license.seats_changed", { type: "license", id: license.id }, { from: license.seats, to: next.seats, ...data });
  if (next.status !== license.status) change.audit(STATUS_ACTIONS[next.status], { type: "license", id: license.id }, { from: license.status, ...data });
  return updated;
}
