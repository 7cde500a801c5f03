/**
 * Pure rules for what Stripe's facts mean for a purchase and its license. Stripe may
 * deliver events twice and in any order; these rules make the outcome depend only on
 * the set of facts, not on their order.
 */
import type { PurchaseRow } from "../src/db/schema";
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

/**
 * The status a license should have given its seats and its purchases' disputes. A
 * revoke by support is kept unless seats come back through a new purchase
 * (`allowRestore`); zero seats always means revoked.
 */
export function licenseStatusFor(input: { current: LicenseStatus; seats: number; openDisputes: number; allowRestore: boolean }): LicenseStatus {
  if (input.seats <= 0) return "revoked";
  if (input.current === "revoked" && !input.allowRestore) return "revoked";
  return input.openDisputes > 0 ? "suspended" : "active";
}
