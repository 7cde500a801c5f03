import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { accountIdForEmail } from "../../src/accounts/account-id";
import { newSessionId } from "../../src/auth/secrets";
import { randomBase32 } from "../../src/core/crypto/encoding";
import { accountIdFromPart, generateLicenseKey } from "../../src/license/license-key";
import worker from "../../src/index";
import { activate, BASE, deactivate, fingerprintFor, grantLicense, request, uniqueEmail, validate } from "../helpers/api";
import { accountStub } from "../helpers/account";
import { latestLink, PORTAL, requestLink, sameOrigin } from "../helpers/portal";
import { spyOn } from "../helpers/spies";
import { asStaff } from "../helpers/staff";
import { mailTo } from "../helpers/stripe-account";

/** The tables in an account object's storage (constructing it reads, never writes). */
function tablesOf(accountId: string): Promise<string[]> {
  return runInDurableObject(accountStub(accountId), (_i, state) =>
    state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((r) => r.name),
  );
}

describe("a name that holds no account gets no storage", () => {
  it("a sign-in link for an unknown email asks its account object, which keeps nothing and sends nothing", async () => {
    const email = uniqueEmail("nobody");
    const accountId = await accountIdForEmail(env.ROUTING_SECRET, email);
    const accounts = spyOn(env.ACCOUNT, ["getByName"]);
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/v1/auth/magic-link`, {
        method: "POST",
        headers: { "content-type": "application/json", ...sameOrigin },
        body: JSON.stringify({ email }),
      }),
      { ...env, ACCOUNT: accounts.binding },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(202);
    expect(accounts.calls).toEqual([{ method: "getByName", key: accountId }]);
    expect(await tablesOf(accountId)).toEqual([]);
    expect(await mailTo(email)).toEqual([]);

    // The first grant (or purchase) for that email creates the account as usual.
    await grantLicense(1, email);
    expect(await tablesOf(accountId)).toContain("account");
    await requestLink(email);
    expect(await latestLink(email)).toContain("#token=");
  });

  it("a well-formed license key, session or staff action naming an account that does not exist keeps nothing either", async () => {
    const accountId = accountIdFromPart(randomBase32(12));
    const key = await generateLicenseKey(env.ROUTING_SECRET, accountId);
    const fingerprint = fingerprintFor("ghost");
    expect((await activate(key, fingerprint)).body.error.code).toBe("LICENSE_NOT_FOUND");
    expect((await validate(key, fingerprint)).body.code).toBe("NOT_FOUND");
    expect((await deactivate(key, fingerprint)).body.error.code).toBe("LICENSE_NOT_FOUND");

    const cookie = `session=${await newSessionId(env.ROUTING_SECRET, accountId)}`;
    expect((await request("/v1/portal/account", { headers: { cookie } })).status).toBe(401);
    expect((await request("/v1/portal/events", { headers: { cookie } })).status).toBe(401);
    expect((await request("/v1/portal/machines/act_x/deactivate", { method: "POST", headers: { cookie } })).status).toBe(401);
    const live = await exports.default.fetch(new Request(`${BASE}/v1/portal/live`, { headers: { upgrade: "websocket", cookie, origin: PORTAL } }));
    expect(live.status).toBe(401);
    expect((await request("/v1/auth/logout", { method: "POST", headers: { cookie } })).status).toBe(204);

    const reason = "customer asked on the phone";
    expect((await asStaff(`/v1/admin/accounts/${accountId}/sign-in-link`, { json: { reason } })).status).toBe(404);
    expect((await asStaff(`/v1/admin/accounts/${accountId}/machines/act_x/deactivate`, { json: { reason } })).status).toBe(404);

    expect(await accountStub(accountId).snapshot()).toMatchObject({ account: null, licenses: [], outbox_pending: 0 });
    expect(await accountStub(accountId).flush()).toEqual({ ok: true, flushed: 0, parked: 0 });
    expect(await tablesOf(accountId)).toEqual([]);
  });
});
