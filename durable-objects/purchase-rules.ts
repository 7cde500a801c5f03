/**
 * Pure rules for what Stripe's facts mean for a purchase and its license. Stripe may
 * deliver events twice and in any order; these rules make the outcome depend only on
 * the set of facts, not on their order.
 *
 * A purchase moves only its own seats (API.md): a dispute withholds them while it is
 * open, a won dispute gives exactly those back, a full refund or a lost dispute takes
 * them for good. Seats other purchases paid for, and seats granted by support, are
 * never touched — so a stranger who buys with someone's email and disputes the charge
 * takes back only what they bought.
 */
import type { PurchaseRow } from "../src/core/db-schema";
import type { LicenseStatus } from "./types";

export type PurchaseStatus = PurchaseRow["status"];
export type DisputeState = "open" | "won" | "lost";

/** A dispute's closed state is final: a late "created" never reopens it. */
export function nextDisputeState(current: DisputeState | null, incoming: DisputeState): DisputeState {
  if (current === "won" || current === "lost") return current;
  return incoming;
}

/** Seats granted by a paid purchase of `quantity` units. */
export function seatsFor(quantity: number, seatsPerUnit: number): number {
  return quantity * seatsPerUnit;
}

/**
 * Seats a purchase takes from its license (withheld or withdrawn): its own, but never
 * more than the license holds — support may have lowered it since, and what support
 * left belongs to no purchase in particular.
 */
export function seatsToTake(purchaseSeats: number, licenseSeats: number): number {
  return Math.max(0, Math.min(purchaseSeats, licenseSeats));
}

/**
 * A purchase's status from its facts. Refunded (seats withdrawn) is final; an open
 * dispute shows over paid; a payment, once seen, is never undone by a late "unpaid".
 */
export function purchaseStatus(facts: { paid: boolean; failed: boolean; withdrawn: boolean; openDispute: boolean }): PurchaseStatus {
  if (facts.withdrawn) return "refunded";
  if (facts.paid) return facts.openDispute ? "disputed" : "paid";
  return facts.failed ? "failed" : "pending";
}

/** Seats are withdrawn by a full refund or a lost dispute, once, and only if they were granted. */
export function shouldWithdraw(purchase: { status: PurchaseStatus }, trigger: { fullRefund: boolean; disputeLost: boolean }): boolean {
  const granted = purchase.status === "paid" || purchase.status === "disputed";
  return granted && (trigger.fullRefund || trigger.disputeLost);
}

// ---- License status after seats moved. A support revoke is never lifted by Stripe,
// ---- except by a new purchase once the license had no seats left.

/** A purchase added seats: a suspended license is active again; a revoked one only if it had none. */
export function statusAfterPurchase(current: LicenseStatus, seatsBefore: number): LicenseStatus {
  if (current === "suspended") return "active";
  if (current === "revoked") return seatsBefore <= 0 ? "active" : "revoked";
  return current;
}

/** A dispute withheld seats: a license left with none is suspended. */
export function statusAfterWithhold(current: LicenseStatus, seats: number): LicenseStatus {
  return seats <= 0 && current === "active" ? "suspended" : current;
}

/** A purchase's last open dispute was won: a suspended license with seats is active again. */
export function statusAfterRelease(current: LicenseStatus, seats: number): LicenseStatus {
  return seats > 0 && current === "suspended" ? "active" : current;
}

/**
 * Seats were withdrawn for good: a license left with none is revoked — or suspended
 * while another purchase's seats are only withheld, since a won dispute may bring them
 * back.
 */
export function statusAfterWithdraw(current: LicenseStatus, seats: number, othersWithheld: boolean): LicenseStatus {
  if (seats > 0 || current === "revoked") return current;
  return othersWithheld ? "suspended" : "revoked";
}
