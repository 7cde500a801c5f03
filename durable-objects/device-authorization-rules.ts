/**
 * The rules of one pending desktop sign-in (API.md, "Desktop sign-in"; RFC 8628): how a
 * poll is answered, who may approve or deny, and for how long. Pure functions of the
 * stored row and the time, so each rule is tested on its own
 * (test/unit/device-authorization-rules.test.ts); the object only reads and writes.
 */

/** `expires_in`: a code is good for 10 minutes. */
export const DEVICE_CODE_TTL_MS = 10 * 60 * 1000;
/** `interval`: the first polling interval, in seconds. */
export const POLL_INTERVAL_S = 5;
/** Each SLOW_DOWN adds this much to the code's interval (RFC 8628, 3.5). */
export const SLOW_DOWN_STEP_S = 5;
/** …up to this: a client stuck polling too fast is slowed, not locked out for good. */
export const MAX_POLL_INTERVAL_S = 60;
/**
 * An approval in progress holds the code this long: the account object's activation and
 * the code's completion are two calls, and a deny (or another account) must not slip in
 * between. A Worker that dies in between leaves a claim that simply lapses.
 */
export const APPROVAL_LEASE_MS = 30 * 1000;
/**
 * After expiry the row stays this long, so the portal can say "expired" rather than
 * "unknown" to someone who was a little slow; then the alarm deletes everything.
 */
export const KEEP_EXPIRED_MS = 10 * 60 * 1000;

export type DeviceStatus = "pending" | "approved" | "denied";

/** The one row an authorization's object holds (table `device_authorization`). */
export interface AuthorizationRow {
  authorization_id: string;
  user_code: string;
  device_code_hash: string;
  fingerprint: string;
  name: string | null;
  platform: string | null;
  app_version: string | null;
  /** JSON object of the machine's components, or null. */
  components: string | null;
  country: string | null;
  requested_at: number;
  expires_at: number;
  interval_s: number;
  last_poll_at: number | null;
  status: DeviceStatus;
  claimed_by: string | null;
  claim_expires_at: number | null;
  decided_by: string | null;
  decided_at: number | null;
  /** JSON of what an approval gives the app (DeviceGrant), once approved. */
  grant: string | null;
}

export const isLive = (row: AuthorizationRow, nowMs: number) => nowMs < row.expires_at;

export type PollDecision =
  | { answer: "expired" }
  | { answer: "approved" }
  | { answer: "denied" }
  | { answer: "pending"; lastPollAt: number }
  | { answer: "slow_down"; intervalS: number; lastPollAt: number };

/**
 * A decided code answers its decision to every poll until it expires (the app may have
 * missed the first answer). While pending, a poll sooner than the interval after the
 * previous one slows the code down; every poll, early or not, restarts the interval.
 */
export function decidePoll(row: AuthorizationRow, nowMs: number): PollDecision {
  if (!isLive(row, nowMs)) return { answer: "expired" };
  if (row.status === "approved") return { answer: "approved" };
  if (row.status === "denied") return { answer: "denied" };
  if (row.last_poll_at !== null && nowMs - row.last_poll_at < row.interval_s * 1000) {
    return { answer: "slow_down", intervalS: Math.min(row.interval_s + SLOW_DOWN_STEP_S, MAX_POLL_INTERVAL_S), lastPollAt: nowMs };
  }
  return { answer: "pending", lastPollAt: nowMs };
}

const claimedByOther = (row: AuthorizationRow, accountId: string, nowMs: number) =>
  row.claimed_by !== null && row.claimed_by !== accountId && (row.claim_expires_at ?? 0) > nowMs;

/**
 * Whether `accountId` may see the request: anyone signed in while it waits (that is how
 * its owner finds it), only the deciding account once decided. Another account's
 * decision is none of this one's business: to it the code does not exist.
 */
export function visibleTo(row: AuthorizationRow, accountId: string): boolean {
  return row.status === "pending" || row.decided_by === accountId;
}

export type ClaimDecision = { kind: "not_found" } | { kind: "approved" } | { kind: "claim"; until: number };

/**
 * Approving starts with a claim. The same account may claim again while its own claim
 * runs (two clicks, two tabs): the account object makes the approval itself idempotent,
 * so both end with the one activation. Another account's live claim hides the code.
 */
export function decideClaim(row: AuthorizationRow | null, accountId: string, nowMs: number): ClaimDecision {
  if (!row || !isLive(row, nowMs) || !visibleTo(row, accountId)) return { kind: "not_found" };
  if (row.status === "approved") return { kind: "approved" };
  if (row.status === "denied" || claimedByOther(row, accountId, nowMs)) return { kind: "not_found" };
  return { kind: "claim", until: nowMs + APPROVAL_LEASE_MS };
}

/** Completing needs the claim still held by this account (or the code already approved by it). */
export function mayComplete(row: AuthorizationRow | null, accountId: string, nowMs: number): "complete" | "already" | "not_found" {
  if (!row || !isLive(row, nowMs)) return "not_found";
  if (row.status === "approved") return row.decided_by === accountId ? "already" : "not_found";
  if (row.status === "pending" && row.claimed_by === accountId) return "complete";
  return "not_found";
}

export type DenyDecision = { kind: "not_found" } | { kind: "deny" } | { kind: "already_denied" } | { kind: "approved" } | { kind: "busy" };

/** Denying is final; it waits for an approval in progress rather than racing it. */
export function decideDeny(row: AuthorizationRow | null, accountId: string, nowMs: number): DenyDecision {
  if (!row || !isLive(row, nowMs) || !visibleTo(row, accountId)) return { kind: "not_found" };
  if (row.status === "denied") return { kind: "already_denied" };
  if (row.status === "approved") return { kind: "approved" };
  if (row.claimed_by !== null && (row.claim_expires_at ?? 0) > nowMs) return row.claimed_by === accountId ? { kind: "busy" } : { kind: "not_found" };
  return { kind: "deny" };
}

/** What the portal shows: expired once past its time, whatever was decided. */
export function viewStatus(row: AuthorizationRow, nowMs: number): DeviceStatus | "expired" {
  return isLive(row, nowMs) ? row.status : "expired";
}

/** When the object may forget the row entirely. */
export const forgetAt = (row: Pick<AuthorizationRow, "expires_at">) => row.expires_at + KEEP_EXPIRED_MS;
