/**
 * The clock high-water mark: the latest time this client has seen from a source the
 * customer cannot wind back for free (the server's Date header, a token's iat) or has
 * already read from the local clock. Offline grace is only as good as the clock that
 * measures it, so a local clock found well behind that mark is a rollback.
 */

/** Local clocks drift and time zones get fixed; an hour is not an attack. */
export const CLOCK_ROLLBACK_TOLERANCE_SECONDS = 3600;

export const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

export function isClockRolledBack(nowSeconds: number, highWaterSeconds: number): boolean {
  return nowSeconds < highWaterSeconds - CLOCK_ROLLBACK_TOLERANCE_SECONDS;
}

/** The mark after seeing these times (undefined entries are ignored). */
export function raiseHighWater(mark: number, ...seen: (number | undefined)[]): number {
  let out = mark;
  for (const t of seen) if (t !== undefined && Number.isFinite(t) && t > out) out = Math.floor(t);
  return out;
}
