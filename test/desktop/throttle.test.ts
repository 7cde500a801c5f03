import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { Throttle } from "../../src/throttle/throttle";
import { BASE, fingerprintFor, grantLicense } from "../helpers/api";
import { withFailureSwitch } from "../helpers/faults";

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;

/** Calls the Worker with configuration overrides (the way production settings differ). */
async function call(path: string, body: unknown, overrides: Partial<Cloudflare.Env>, ip: string) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(BASE + path, { method: "POST", headers: { "content-type": "application/json", "cf-connecting-ip": ip }, body: JSON.stringify(body) }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe("throttles on the desktop API", () => {
  it("limit each client address: 429 RATE_LIMITED with Retry-After once over the limit", async () => {
    const lic = await grantLicense(1);
    const ip = freshIp();
    const limits = { THROTTLE_IP_PER_MINUTE: "5" };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await call("/v1/licenses/validate", { license_key: lic.license_key, fingerprint: fingerprintFor(i) }, limits, ip)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);

    const limited = await call("/v1/licenses/validate", { license_key: lic.license_key, fingerprint: fingerprintFor(9) }, limits, ip);
    expect(limited.body.error.code).toBe("RATE_LIMITED");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another address is not affected.
    expect((await call("/v1/licenses/validate", { license_key: lic.license_key, fingerprint: fingerprintFor(1) }, limits, freshIp())).status).toBe(200);
  });

  it("limit each license across addresses", async () => {
    const lic = await grantLicense(5);
    const limits = { THROTTLE_LICENSE_PER_MINUTE: "3" };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await call("/v1/licenses/activate", { license_key: lic.license_key, fingerprint: fingerprintFor(`l${i}`) }, limits, freshIp())).status);
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
  });

  it("never fail a request because KV is down: they fail open", async () => {
    const lic = await grantLicense(3);
    const kv = withFailureSwitch(env.KV, ["get", "put"]);
    kv.failing = true;
    const fleet = [fingerprintFor("kv0"), fingerprintFor("kv1"), fingerprintFor("kv2")];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(
          "/v1/licenses/activate",
          { license_key: lic.license_key, fingerprint: fleet[i % 3] },
          { KV: kv.binding, THROTTLE_LICENSE_PER_MINUTE: "100" },
          freshIp(),
        ),
      ),
    );
    expect(results.map((r) => r.status).every((s) => s === 200 || s === 201)).toBe(true);
    expect(kv.calls.get).toBeGreaterThan(0);
  });

  it("survive KV refusing writes (its 1 write/s per key limit) under 20 parallel hits on one key", async () => {
    const lic = await grantLicense(1);
    const kv = withFailureSwitch(env.KV, ["put"], "KV PUT failed: 429 Too Many Requests");
    kv.failing = true;
    const ip = freshIp();
    const fp = fingerprintFor("p");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        call("/v1/licenses/validate", { license_key: lic.license_key, fingerprint: fp }, { KV: kv.binding, THROTTLE_IP_PER_MINUTE: "50" }, ip),
      ),
    );
    // 20 hits against a limit of 50: nobody is throttled, and KV was asked to share the count.
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(kv.calls.put).toBeGreaterThan(0);
  });
});

describe("Throttle counters", () => {
  it("are shared between isolates through KV once a subject uses a tenth of its limit", async () => {
    const waits: Promise<unknown>[] = [];
    const waitUntil = (p: Promise<unknown>) => void waits.push(p);
    const rule = { scope: "test", subject: `shared-${Date.now()}`, limit: 5, windowSeconds: 60 };
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 + 1_000;

    const isolateA = new Throttle(env.KV);
    for (let i = 0; i < 4; i++) expect((await isolateA.hit(rule, waitUntil, t0)).limited).toBe(false);
    await isolateA.hit(rule, waitUntil, t0 + 1_100); // the second-later write carries all 5 hits
    await Promise.all(waits);

    // Isolate B counts its first hit alone (below the sharing threshold of 2), then reads
    // A's five hits from KV and refuses.
    const isolateB = new Throttle(env.KV);
    expect((await isolateB.hit(rule, waitUntil, t0 + 2_200)).limited).toBe(false);
    expect(await isolateB.hit(rule, waitUntil, t0 + 2_300)).toEqual({ limited: true, retryAfterSeconds: expect.any(Number), first: true });
  });

  it("never touch KV for subjects far below their limit", async () => {
    const kv = withFailureSwitch(env.KV, ["get", "put"]);
    const t = new Throttle(kv.binding);
    const rule = { scope: "test", subject: `quiet-${Date.now()}`, limit: 100, windowSeconds: 60 };
    for (let i = 0; i < 9; i++) await t.hit(rule, () => {});
    expect(kv.calls).toEqual({});
    await t.hit(rule, () => {});
    expect(kv.calls.get).toBe(1);
  });

  it("start a fresh count in the next window", async () => {
    const t = new Throttle(env.KV);
    const rule = { scope: "test", subject: `window-${Date.now()}`, limit: 1, windowSeconds: 60 };
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    const noop = () => {};
    expect((await t.hit(rule, noop, start)).limited).toBe(false);
    expect(await t.hit(rule, noop, start + 10)).toEqual({ limited: true, retryAfterSeconds: 60, first: true });
    expect(await t.hit(rule, noop, start + 20)).toEqual({ limited: true, retryAfterSeconds: 60, first: false });
    expect((await t.hit(rule, noop, start + 60_000)).limited).toBe(false);
  });
});
