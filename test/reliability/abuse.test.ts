import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { BASE, grantLicense, post } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";
import { latestLink, requestLink, sameOrigin, tokenOf } from "../helpers/portal";

async function call(path: string, body: unknown, headers: Record<string, string>, overrides: Partial<Cloudflare.Env> = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(BASE + path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }),
    { ...env, ...overrides },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res.status;
}

async function securityEvents(subject: string) {
  return (await env.DB.prepare("SELECT * FROM audit_events WHERE action = 'security.rate_limited' AND target_id = ?").bind(subject).all()).results;
}

describe("guessing is throttled and audited", () => {
  it("license keys: one address trying many keys is cut off and recorded once", async () => {
    const ip = "192.0.2.77";
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) {
      const key = `CGPT-${String(i).padStart(5, "0")}-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA`;
      statuses.push(
        await call(
          "/v1/licenses/activate",
          { license_key: key, fingerprint: "brute-force-machine" },
          { "cf-connecting-ip": ip },
          { THROTTLE_IP_PER_MINUTE: "20" },
        ),
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
    const events = await securityEvents(ip);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_type: "system", actor_id: "throttle", target_type: "ip", account_id: null });
  });

  it("sign-in tokens: guesses never reach the account, the address is cut off after 30 a minute, and a replayed link is audited", async () => {
    const lic = await grantLicense(1);
    await requestLink(lic.email);
    const real = tokenOf(await latestLink(lic.email));
    const ip = "192.0.2.78";
    const statuses: number[] = [];
    for (let i = 0; i < 33; i++) {
      // The real token's account part and secret with made-up check tags.
      statuses.push(
        await call("/v1/auth/session", { token: `${real.slice(0, 55)}AAAAA${String(i).padStart(3, "0")}` }, { ...sameOrigin, "cf-connecting-ip": ip }),
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429, 429]);
    expect(await securityEvents(ip)).toHaveLength(1);
    await accountStub(lic.account_id).flush();
    expect((await auditEvents(lic.account_id)).filter((e) => e.action === "auth.login_failed")).toHaveLength(0);
    // The real link still works (from another address); used again, it is a failed sign-in on the record.
    expect((await post("/v1/auth/session", { token: real }, sameOrigin)).status).toBe(200);
    expect((await post("/v1/auth/session", { token: real }, sameOrigin)).status).toBe(401);
    await accountStub(lic.account_id).flush();
    const failed = (await auditEvents(lic.account_id)).filter((e) => e.action === "auth.login_failed");
    expect(failed.map((e) => JSON.parse(String(e.data)))).toEqual([{ reason: "already_used" }]);
  });
});
