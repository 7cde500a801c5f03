import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { freshIp, portalDevice, startSignIn } from "../helpers/device";
import { signedIn } from "../helpers/portal";

/** Codes nobody holds (each a wrong guess); the letters vary so no two tests share one. */
const wrongCode = (i: number) => `ZZZZ${"BCDFGHJKLMNPQRSTVWXZ"[i % 20]}${"BCDFGHJKLMNPQRSTVWXZ"[Math.floor(i / 20) % 20]}XX`;

describe("guessing codes in the portal", () => {
  it("a session gets 10 wrong codes in 15 minutes, then 429 — for the right code too, so a guess past the limit says nothing", async () => {
    const c = await signedIn(2);
    const { code } = await startSignIn();
    for (let i = 0; i < 10; i++) {
      // A new address each time: only the session's limit is at work here.
      const res = await portalDevice(c.cookie, wrongCode(i), "", { "cf-connecting-ip": freshIp() });
      expect(res.status, `guess ${i + 1}`).toBe(404);
    }
    const limited = await portalDevice(c.cookie, code, "", { "cf-connecting-ip": freshIp() });
    expect([limited.status, limited.body.error.code]).toEqual([429, "RATE_LIMITED"]);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect((await portalDevice(c.cookie, code, "approve", { "cf-connecting-ip": freshIp() })).status).toBe(429);

    // Another customer is not affected.
    const other = await signedIn(2);
    expect((await portalDevice(other.cookie, code, "", { "cf-connecting-ip": freshIp() })).status).toBe(200);
  });

  it("an address gets 10 wrong codes in 15 minutes however many sessions it uses", async () => {
    const ip = freshIp();
    const { code } = await startSignIn();
    for (let i = 0; i < 10; i++) {
      const c = await signedIn(2);
      expect((await portalDevice(c.cookie, wrongCode(100 + i), "", { "cf-connecting-ip": ip })).status).toBe(404);
    }
    const fresh = await signedIn(2);
    expect((await portalDevice(fresh.cookie, code, "", { "cf-connecting-ip": ip })).status).toBe(429);
    expect((await portalDevice(fresh.cookie, code, "", { "cf-connecting-ip": freshIp() })).status).toBe(200);
  });

  it("right codes never count: the owner can look, approve and look again as often as they like", async () => {
    const c = await signedIn(2);
    const { code } = await startSignIn();
    const ip = freshIp();
    for (let i = 0; i < 15; i++) expect((await portalDevice(c.cookie, code, "", { "cf-connecting-ip": ip })).status).toBe(200);
    expect((await portalDevice(c.cookie, code, "approve", { "cf-connecting-ip": ip })).status).toBe(200);
  });

  it("leaves security.rate_limited in the audit trail when a session first reaches the limit", async () => {
    const c = await signedIn(2);
    for (let i = 0; i < 11; i++) await portalDevice(c.cookie, wrongCode(200 + i), "", { "cf-connecting-ip": freshIp() });
    await expect
      .poll(async () => {
        const rows = await env.DB.prepare(
          "SELECT target_type FROM audit_events WHERE action = 'security.rate_limited' AND target_type = 'device-code-session'",
        ).all();
        return rows.results.length;
      })
      .toBeGreaterThan(0);
  });
});

describe("starting sign-ins", () => {
  it("is throttled per address: 30 in 15 minutes, then 429; another address is not affected", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await startSignIn({}, ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect((await startSignIn({}, freshIp())).status).toBe(200);
  });
});
