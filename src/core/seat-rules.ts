/**
 * Pure seat rules, decided by the account object inside one synchronous transaction.
 * Kept free of storage so they can be unit-tested exhaustively.
 */
import type { LicenseStatus } from "./views";

export type ActivationDecision =
  | { kind: "reuse" }
  /** A new fingerprint of an active machine (its components match): that machine, no new seat. */
  | { kind: "same_machine" }
  | { kind: "create" }
  /** Every seat is taken but one machine is stale: it gives its seat to the new one. */
  | { kind: "release_stale" }
  | { kind: "refuse"; code: "SEAT_LIMIT_REACHED" | "LICENSE_SUSPENDED" | "LICENSE_REVOKED" };

/**
 * A license that is not active refuses every activation, even of a machine that already
 * holds a seat: a disputed or refunded license must not keep minting fresh tokens.
 * A fingerprint that already holds a seat gets it back without using another, and so
 * does a machine recognised by its components; only a machine that is new to the
 * license needs a free seat, or a stale one to take over (seat-policies.ts).
 */
export function decideActivation(input: {
  status: LicenseStatus;
  seats: number;
  activeCount: number;
  alreadyActive: boolean;
  sameMachine?: boolean;
  staleMachine?: boolean;
}): ActivationDecision {
  if (input.status === "suspended") return { kind: "refuse", code: "LICENSE_SUSPENDED" };
  if (input.status === "revoked") return { kind: "refuse", code: "LICENSE_REVOKED" };
  if (input.alreadyActive) return { kind: "reuse" };
  if (input.sameMachine) return { kind: "same_machine" };
  if (input.activeCount < input.seats) return { kind: "create" };
  // Only a license that is exactly full releases: over the limit cannot happen, and a
  // license with no seats has no machine to release.
  if (input.staleMachine && input.seats > 0 && input.activeCount === input.seats) return { kind: "release_stale" };
  return { kind: "refuse", code: "SEAT_LIMIT_REACHED" };
}

export interface SeatHolder {
  id: string;
  activated_at: string;
  rev: number;
}

/**
 * Which machines lose their seat when a license shrinks to `seats`: the newest first,
 * so the customer's longest-standing installations keep working.
 */
export function machinesOverLimit<T extends SeatHolder>(active: readonly T[], seats: number): T[] {
  const excess = active.length - Math.max(0, seats);
  if (excess <= 0) return [];
  const newestFirst = [...active].sort((a, b) => (a.activated_at === b.activated_at ? b.rev - a.rev : a.activated_at < b.activated_at ? 1 : -1));
  return newestFirst.slice(0, excess);
}

/** last_seen_at is written at most once per this interval per machine (telemetry, not state). */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

export function lastSeenIsStale(lastSeenIso: string, nowMs: number): boolean {
  return nowMs - Date.parse(lastSeenIso) >= LAST_SEEN_RESOLUTION_MS;
}

export const MAX_SEATS = 10_000;

export function validSeatCount(seats: number, { allowZero }: { allowZero: boolean }): boolean {
  return Number.isInteger(seats) && seats <= MAX_SEATS && (allowZero ? seats >= 0 : seats >= 1);
}
