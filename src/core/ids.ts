import { CROCKFORD_ALPHABET, randomBase32 } from "./crypto/encoding";

/** Opaque ids: a type prefix and 80 random bits, lower-case for readability in logs and URLs. */
export function newId(prefix: "lic" | "act" | "pur" | "gnt" | "req" | "dev"): string {
  return `${prefix}_${randomBase32(16).toLowerCase()}`;
}

function base32Fixed(value: number, width: number): string {
  let out = "";
  for (let i = 0; i < width; i++) {
    out = CROCKFORD_ALPHABET[value % 32] + out;
    value = Math.floor(value / 32);
  }
  return out;
}

let lastMs = -1;
let sequence = 0;

/**
 * Audit event ids sort by creation (like a monotonic ULID): a 48-bit millisecond
 * timestamp, then a per-isolate sequence within that millisecond, then 60 random bits.
 * Several events of one transaction (same millisecond) therefore keep their order, and
 * `(at, id)` keyset pagination has a stable, meaningful order.
 */
export function newEventId(nowMs: number): string {
  if (nowMs === lastMs) sequence++;
  else {
    lastMs = nowMs;
    sequence = 0;
  }
  return `evt_${(base32Fixed(nowMs, 10) + base32Fixed(sequence % 32 ** 4, 4) + randomBase32(12)).toLowerCase()}`;
}
