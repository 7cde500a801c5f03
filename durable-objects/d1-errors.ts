/**
 * Pure: whether D1 refused a write for good. A constraint the row violates (UNIQUE,
 * FOREIGN KEY, CHECK, NOT NULL), a value of the wrong type or size will fail the same
 * way however often it is sent; retrying it only blocks every row behind it. Anything
 * else — a lost connection, an overloaded or reset database, an internal error, a
 * message we do not recognise — may pass next time, so it is transient: when in doubt,
 * retry, because parking a row that would have gone through is the worse mistake.
 */
const PERMANENT: readonly RegExp[] = [/SQLITE_CONSTRAINT/, /constraint failed/i, /SQLITE_MISMATCH|datatype mismatch/i, /SQLITE_TOOBIG|string or blob too big/i];

/** Signs of a passing condition, which win over anything else in the same error. */
const TRANSIENT: readonly RegExp[] = [/network connection lost/i, /overloaded/i, /\breset\b/i, /\btimed? ?out\b/i, /internal error/i, /unavailable/i];

/** The messages of an error and of its causes (drivers wrap D1's own error). */
function messages(err: unknown): string[] {
  const found: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current != null && depth < 5; depth++) {
    if (typeof current === "string") {
      found.push(current);
      break;
    }
    const message = (current as { message?: unknown }).message;
    if (typeof message === "string") found.push(message);
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

export function isPermanentD1Error(err: unknown): boolean {
  const all = messages(err);
  if (all.some((m) => TRANSIENT.some((p) => p.test(m)))) return false;
  return all.some((m) => PERMANENT.some((p) => p.test(m)));
}
