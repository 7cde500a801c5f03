/**
 * The API's per-license throttle, driven from outside: fixed one-minute windows aligned
 * to the wall clock (src/throttle/limits.ts, windowSeconds 60), whose 429 carries
 * `Retry-After` = the seconds left in the window. The stack runs on this machine, so its
 * clock is ours and the tests can tell where in a window they are.
 */
import { apiUrl } from "./api";

const WINDOW_MS = 60_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Seconds left in the current throttle window. */
export const secondsLeft = () => (WINDOW_MS - (Date.now() % WINDOW_MS)) / 1000;

/** Sleeps until at most `seconds` are left in the window (no sleep when fewer already are). */
export const sleepUntilLeft = (seconds: number) => sleep((secondsLeft() - seconds) * 1000);

/** Sleeps into the next window. */
export const nextWindow = () => sleep(secondsLeft() * 1000 + 300);

/** A validate call for the license from a machine that holds no seat: counted, changes nothing. */
async function validateAsStranger(licenseKey: string): Promise<Response> {
  const res = await fetch(`${apiUrl()}/v1/licenses/validate`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ license_key: licenseKey, fingerprint: "e2e-throttle-stranger" }),
  });
  await res.arrayBuffer();
  return res;
}

/** The Retry-After (seconds) the API answers for this license right now, or null when it is not limited. */
export async function probe(licenseKey: string): Promise<number | null> {
  const res = await validateAsStranger(licenseKey);
  return res.status === 429 ? Number(res.headers.get("retry-after")) : null;
}

export interface Burst {
  /** Requests sent within the window that answered 429 (the limit, give or take those in flight). */
  inWindow: number;
  retryAfter: number;
  ms: number;
}

/** Fires requests for the license, `concurrency` at a time, until the API answers 429. */
export async function exhaust(licenseKey: string, maxRequests: number, concurrency = 32): Promise<Burst> {
  const started = Date.now();
  const sentInWindow = new Map<number, number>();
  let sent = 0;
  let limited: { retryAfter: number; window: number } | undefined;
  const worker = async () => {
    while (!limited && sent < maxRequests) {
      sent++;
      const window = Math.floor(Date.now() / WINDOW_MS);
      sentInWindow.set(window, (sentInWindow.get(window) ?? 0) + 1);
      const res = await validateAsStranger(licenseKey);
      if (res.status === 429) limited ??= { retryAfter: Number(res.headers.get("retry-after")), window };
      else if (res.status !== 200) throw new Error(`validate answered ${res.status} while exhausting the throttle`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (!limited) throw new Error(`no 429 after ${sent} requests for one license in ${Date.now() - started} ms`);
  return { inWindow: sentInWindow.get(limited.window) ?? 0, retryAfter: limited.retryAfter, ms: Date.now() - started };
}
