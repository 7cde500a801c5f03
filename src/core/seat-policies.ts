/**
 * The time-based seat policies (API.md "Seat policies"; values per product in
 * catalog.ts): which machine a full license releases for a new one, and how many
 * machine swaps the customer has left. Pure, so they are unit-tested as tables and the
 * reference model of the account uses the same rules.
 */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The swap limit counts over any rolling window of this length. */
export const SWAP_WINDOW_MS = 30 * DAY_MS;

export interface SeenMachine {
  last_seen_at: string;
  activated_at: string;
  rev: number;
}

/**
 * The machine a full license releases for a new one: among those unseen for at least
 * `staleSeatDays`, the least recently seen (then the oldest activation). A machine that
 * is merely switched off for a holiday is seen again the day it comes back, so the
 * threshold is in days, never hours.
 */
export function staleMachine<T extends SeenMachine>(active: readonly T[], nowMs: number, staleSeatDays: number): T | null {
  const cutoff = nowMs - staleSeatDays * DAY_MS;
  let oldest: T | null = null;
  for (const m of active) {
    if (Date.parse(m.last_seen_at) > cutoff) continue;
    if (!oldest || seenEarlier(m, oldest)) oldest = m;
  }
  return oldest;
}

function seenEarlier(a: SeenMachine, b: SeenMachine): boolean {
  if (a.last_seen_at !== b.last_seen_at) return a.last_seen_at < b.last_seen_at;
  if (a.activated_at !== b.activated_at) return a.activated_at < b.activated_at;
  return a.rev < b.rev;
}

export interface SwapAllowance {
  /** Swaps counted in the 30 days up to now. */
  used: number;
  remaining: number;
  /**
   * When the next swap becomes possible if none remain now (the moment the oldest
   * counted swap leaves the window); null while one remains.
   */
  nextAllowedAt: number | null;
}

/**
 * How many customer deactivations (swaps) a license has left, from the times of its
 * earlier ones. "Any rolling 30 days": a swap counts until exactly 30 days after it.
 */
export function swapAllowance(swapTimes: readonly number[], nowMs: number, limit: number): SwapAllowance {
  const counted = swapTimes.filter((t) => t > nowMs - SWAP_WINDOW_MS).sort((a, b) => a - b);
  const remaining = Math.max(0, limit - counted.length);
  if (remaining > 0) return { used: counted.length, remaining, nextAllowedAt: null };
  // Once the oldest (counted - limit + 1) swaps have left the window, one is free again.
  const freeing = counted[counted.length - limit];
  return { used: counted.length, remaining: 0, nextAllowedAt: (freeing ?? nowMs) + SWAP_WINDOW_MS };
}
