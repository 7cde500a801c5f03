/**
 * When to try a request again, and how long to wait. Transient failures (no connection,
 * 5xx, 429 RATE_LIMITED) are retried a bounded number of times with exponential backoff
 * and jitter, so that thousands of desktops coming back after an outage do not all
 * knock at the same second; a server's Retry-After is honoured as a minimum.
 */

export interface RetryPolicy {
  /** Total attempts, the first included (1 = no retry). */
  attempts: number;
  /** Backoff before the 2nd attempt; doubles for each further one. */
  baseDelayMs: number;
  /** Upper bound of one backoff step. */
  maxDelayMs: number;
  /**
   * A Retry-After longer than this is not waited for: the call reports the failure at
   * once (the app keeps its offline grace and tries again later).
   */
  maxRetryAfterMs: number;
  /**
   * Time for the whole call, waits included: no attempt starts that could not finish
   * within it (a black-holed network must not hold the app for minutes). A Retry-After
   * up to maxRetryAfterMs is waited out even past it: the server said when to come back.
   */
  budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 400,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
  budgetMs: 20_000,
};

/**
 * Retry-After in milliseconds: either delta-seconds or an HTTP date (RFC 9110).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * The wait before attempt number `attempt + 1` (attempt counts from 1), or undefined
 * when no further attempt should be made.
 * "Equal jitter": half the exponential step is fixed, the other half random, so waits
 * never collapse to zero but still spread out.
 */
export function retryDelayMs(policy: RetryPolicy, attempt: number, retryAfterMs: number | undefined, random: () => number): number | undefined {
  if (attempt >= policy.attempts) return undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
    // At least what the server asked for, plus a little spread.
    return retryAfterMs + Math.floor(random() * Math.min(1_000, policy.baseDelayMs));
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(step / 2 + random() * (step / 2));
}

/** Whether an HTTP answer is worth another attempt. */
export function isTransientStatus(status: number, errorCode: string | undefined): boolean {
  if (status >= 500) return true;
  // 429 is also DEACTIVATION_LIMIT_REACHED, which is a definite answer for 30 days.
  if (status === 429) return errorCode === undefined || errorCode === "RATE_LIMITED";
  return false;
}
