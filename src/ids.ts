import { CROCKFORD_ALPHABET, randomBase32 } from "./crypto/encoding";

/** Opaque ids: a type prefix and 80 random bits, lower-case for readability in logs and URLs. */
export function newId(prefix: "lic" | "act" | "pur" | "gnt" | "req"): string {
  return `${prefix}_${randomBase32(16).toLowerCase()}`;
}

/**
 * Audit event ids sort by creation time (48-bit millisecond timestamp first, like a
 * ULID), so `(at, id)` keyset pagination has a stable, meaningful order.
 */
export function newEventId(nowMs: number): string {
  let time = "";
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD_ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return `evt_${(time + randomBase32(16)).toLowerCase()}`;
}
