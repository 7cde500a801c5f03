/**
 * Best-effort fixed-window throttles shared through KV.
 *
 * KV allows about one write per second per key and is eventually consistent, so it
 * cannot count every request exactly. Each isolate therefore counts in memory and
 * exchanges its count with KV at most once a second per key: limits hold exactly within
 * an isolate and approximately across the fleet. A KV failure (or KV's own 429) only
 * means counting locally for a while: it never fails the request.
 *
 * A subject is shared through KV only once it has used a tenth of its limit: almost
 * every subject (a desktop app validating now and then) never gets near its limit, and
 * reading and writing KV for it would cost a KV write per request for nothing.
 */
import { log } from "../core/log";

export interface ThrottleRule {
  /** What is counted: "ip", "license", "email", … */
  scope: string;
  /** Who is counted (an address, a hash; never a secret in clear). */
  subject: string;
  limit: number;
  windowSeconds: number;
}

export type ThrottleResult =
  | { limited: false }
  /** `first`: the first refused hit of this window in this isolate (worth recording once). */
  | { limited: true; retryAfterSeconds: number; first: boolean };

interface Counter {
  /** Count last read from (or written to) KV, which includes other isolates' hits. */
  shared: number;
  /** This isolate's hits not yet included in `shared`. */
  local: number;
  readAt: number;
  writtenAt: number;
  reported?: boolean;
}

const SYNC_INTERVAL_MS = 1_000;

export function shareThreshold(limit: number): number {
  return Math.max(2, Math.ceil(limit / 10));
}
const MAX_COUNTERS = 10_000;

export class Throttle {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly kv: KVNamespace) {}

  /** Counts one hit; `waitUntil` keeps the background KV write alive past the response. */
  async hit(rule: ThrottleRule, waitUntil: (p: Promise<unknown>) => void, nowMs = Date.now()): Promise<ThrottleResult> {
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const key = `throttle:${rule.scope}:${rule.subject}:${window}`;
    const counter = this.counter(key, window);
    const shared = counter.shared + counter.local + 1 >= shareThreshold(rule.limit);

    if (shared) await this.refresh(counter, key, nowMs);
    counter.local += 1;
    const total = counter.shared + counter.local;

    if (shared && nowMs - counter.writtenAt >= SYNC_INTERVAL_MS) {
      counter.writtenAt = nowMs;
      const delta = counter.local;
      const value = total;
      waitUntil(
        this.kv
          .put(key, String(value), { expirationTtl: Math.max(60, rule.windowSeconds * 2) })
          .then(() => {
            counter.shared = Math.max(counter.shared, value);
            counter.local -= delta;
          })
          .catch((err) => logKvFailure("put", err)),
      );
    }

    if (total <= rule.limit) return { limited: false };
    const first = !counter.reported;
    counter.reported = true;
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000)), first };
  }

  /**
   * Whether a hit now would be refused, counting nothing. For limits on failures only
   * (wrong sign-in codes): every attempt asks first, only a failure counts — otherwise a
   * guesser past the limit would still learn which guess was right from its answer.
   */
  async peek(rule: ThrottleRule, nowMs = Date.now()): Promise<ThrottleResult> {
    const windowMs = rule.windowSeconds * 1000;
    const window = Math.floor(nowMs / windowMs);
    const key = `throttle:${rule.scope}:${rule.subject}:${window}`;
    const counter = this.counter(key, window);
    if (counter.shared + counter.local + 1 >= shareThreshold(rule.limit)) await this.refresh(counter, key, nowMs);
    if (counter.shared + counter.local < rule.limit) return { limited: false };
    const first = !counter.reported;
    counter.reported = true;
    return { limited: true, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * windowMs - nowMs) / 1000)), first };
  }

  /** Takes in other isolates' hits from KV, at most once a second per key. */
  private async refresh(counter: Counter, key: string, nowMs: number): Promise<void> {
    if (nowMs - counter.readAt < SYNC_INTERVAL_MS) return;
    counter.readAt = nowMs;
    try {
      const stored = Number((await this.kv.get(key)) ?? 0);
      if (Number.isFinite(stored)) counter.shared = Math.max(counter.shared, stored);
    } catch (err) {
      logKvFailure("get", err);
    }
  }

  private counter(key: string, window: number): Counter {
    let counter = this.counters.get(key);
    if (!counter) {
      if (this.counters.size >= MAX_COUNTERS) this.prune(window);
      counter = { shared: 0, local: 0, readAt: 0, writtenAt: 0 };
      this.counters.set(key, counter);
    }
    return counter;
  }

  private prune(currentWindow: number): void {
    for (const key of this.counters.keys()) {
      const window = Number(key.slice(key.lastIndexOf(":") + 1));
      if (window < currentWindow) this.counters.delete(key);
    }
    // Still full (many subjects in one window): forget the oldest half rather than grow.
    if (this.counters.size >= MAX_COUNTERS) {
      let drop = Math.floor(this.counters.size / 2);
      for (const key of this.counters.keys()) {
        if (drop-- <= 0) break;
        this.counters.delete(key);
      }
    }
  }
}

let lastLogged = 0;
function logKvFailure(op: string, err: unknown): void {
  const now = Date.now();
  if (now - lastLogged < 10_000) return;
  lastLogged = now;
  log.warn("throttle_kv_failed", { op, error: err });
}
