import { ApiError } from "./api-error";

/**
 * 429 DEACTIVATION_LIMIT_REACHED (API.md "Seat policies"), the same from the desktop API
 * and the portal: when the next swap is possible, and that support can help sooner.
 * Retry-After says the same for generic HTTP clients (ours know not to retry this 429).
 */
export function swapLimitReached(refused: { nextAllowedAt: string; swapsPer30Days: number }, nowMs = Date.now()): ApiError {
  const seconds = Math.max(1, Math.ceil((Date.parse(refused.nextAllowedAt) - nowMs) / 1000));
  return new ApiError("DEACTIVATION_LIMIT_REACHED", {
    message: `This license's ${refused.swapsPer30Days} machine swaps for the last 30 days are used up; the next one is possible at ${refused.nextAllowedAt}. Support can help if you need one sooner.`,
    details: { next_allowed_at: refused.nextAllowedAt, swaps_per_30_days: refused.swapsPer30Days },
    headers: { "retry-after": String(seconds) },
  });
}
