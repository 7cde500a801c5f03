import { describe, expect, it } from "vitest";
import { activate, fingerprintFor, request } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";
import { poll, portalDevice, startSignIn } from "../helpers/device";
import { asCustomer, openLive, PORTAL, signedIn } from "../helpers/portal";

/** The account's audit trail once mirrored to D1: [action, actor type] in order. */
async function trail(accountId: string, actions: string[]) {
  await accountStub(accountId).flush();
  return (await auditEvents(accountId)).filter((e) => actions.includes(String(e.action))).map((e) => [e.action, e.actor_type, e.actor_id]);
}

const DEVICE_ACTIONS = ["device.approved", "device.denied", "machine.activated"];

describe("the portal's view of a waiting sign-in", () => {
  it("shows which machine asked, when, its status — found in lower case and without the dash", async () => {
    const c = await signedIn(2);
    const started = await startSignIn();
    const res = await portalDevice(c.cookie, started.code.toLowerCase());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user_code: started.body.user_code,
      name: "Trading desk",
      platform: "windows",
      app_version: "1.4.2",
      requested_at: expect.any(String),
      status: "pending",
    });
    // No request.cf locally, so no country: the field is absent rather than made up.
    expect(res.body).not.toHaveProperty("country");
    expect(Math.abs(Date.parse(res.body.requested_at) - Date.now())).toBeLessThan(60_000);
    expect((await portalDevice(c.cookie, ` ${started.body.user_code.toLowerCase()} `)).status).toBe(200);
  });

  it("answers 404 for a code nobody is waiting with", async () => {
    const c = await signedIn(2);
    const res = await portalDevice(c.cookie, "BCDF-GHJK");
    expect([res.status, res.body.error.code]).toEqual([404, "NOT_FOUND"]);
    expect((await portalDevice(c.cookie, "not-a-code")).status).toBe(404);
  });
});

describe("approving a sign-in", () => {
  it("activates the machine on the customer's license, audited device.approved then machine.activated, both by the customer", async () => {
    const c = await signedIn(2);
    const { code, fingerprint } = await startSignIn();
    const res = await portalDevice(c.cookie, code, "approve");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ activation: { fingerprint, name: "Trading desk" }, license: { id: c.license_id, seats_used: 1 } });
    expect((await accountStub(c.account_id).snapshot()).machines.map((m) => m.fingerprint)).toEqual([fingerprint]);
    expect(await trail(c.account_id, DEVICE_ACTIONS)).toEqual([
      ["device.approved", "customer", c.email],
      ["machine.activated", "customer", c.email],
    ]);
    expect((await portalDevice(c.cookie, code)).body.status).toBe("approved");
  });

  it("pushes the new machine to the customer's open portal at once", async () => {
    const c = await signedIn(2);
    const live = await openLive(c.cookie);
    await expect.poll(() => live.messages.length).toBe(1);
    const { code, fingerprint } = await startSignIn();
    await portalDevice(c.cookie, code, "approve");
    await expect.poll(() => live.messages.length).toBe(2);
    expect(live.messages[1]).toMatchObject({ type: "license", license: { seats_used: 1 }, machines: [{ fingerprint }] });
  });

  it("races safely: approvals arriving together make one activation, one audit pair, the same answer", async () => {
    const c = await signedIn(3);
    const { code, body } = await startSignIn();
    const answers = await Promise.all(Array.from({ length: 6 }, () => portalDevice(c.cookie, code, "approve")));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.activation.id)).size).toBe(1);
    const snapshot = await accountStub(c.account_id).snapshot();
    expect(snapshot.machines).toHaveLength(1);
    expect(snapshot.licenses[0]!.seats_used).toBe(1);
    expect(await trail(c.account_id, DEVICE_ACTIONS)).toEqual([
      ["device.approved", "customer", c.email],
      ["machine.activated", "customer", c.email],
    ]);
    // Approving again later: still the same machine, nothing more audited.
    const later = await portalDevice(c.cookie, code, "approve");
    expect(later.body.activation.id).toBe(answers[0]!.body.activation.id);
    expect((await poll(body.device_code)).body.activation.id).toBe(answers[0]!.body.activation.id);
    expect(await trail(c.account_id, DEVICE_ACTIONS)).toHaveLength(2);
  });

  it("at the seat limit activates nothing and says so (409 SEAT_LIMIT_REACHED); once a seat is freed, approving again works", async () => {
    const c = await signedIn(1);
    const taken = await activate(c.license_key, fingerprintFor("taken"));
    const { code, body } = await startSignIn();
    const refused = await portalDevice(c.cookie, code, "approve");
    expect([refused.status, refused.body.error.code]).toEqual([409, "SEAT_LIMIT_REACHED"]);
    expect(refused.body.error.message).toContain("Deactivate a machine");
    expect((await accountStub(c.account_id).snapshot()).machines.map((m) => m.id)).toEqual([taken.body.activation.id]);
    expect(await trail(c.account_id, ["device.approved"])).toEqual([]);
    // The app keeps waiting, and the code is still there to approve.
    expect((await poll(body.device_code)).body.error.code).toBe("AUTHORIZATION_PENDING");
    expect((await portalDevice(c.cookie, code)).body.status).toBe("pending");

    await request(`/v1/portal/machines/${taken.body.activation.id}/deactivate`, { method: "POST", headers: asCustomer(c.cookie) });
    const approved = await portalDevice(c.cookie, code, "approve");
    expect(approved.status).toBe(200);
    expect(approved.body.license.seats_used).toBe(1);
  });

  it("of a machine already active on the license uses no extra seat (the same activation)", async () => {
    const c = await signedIn(1);
    const fingerprint = fingerprintFor("known");
    const before = await activate(c.license_key, fingerprint);
    const { code } = await startSignIn({ fingerprint });
    const res = await portalDevice(c.cookie, code, "approve");
    expect(res.status).toBe(200);
    expect(res.body.activation.id).toBe(before.body.activation.id);
    expect(res.body.license.seats_used).toBe(1);
  });

  it("on a revoked license is refused like an activation (403 LICENSE_REVOKED)", async () => {
    const c = await signedIn(2);
    await accountStub(c.account_id).revoke({ licenseId: c.license_id, actor: { type: "support", id: "x@example.com" }, requestId: null, reason: "test" });
    const { code } = await startSignIn();
    const res = await portalDevice(c.cookie, code, "approve");
    expect([res.status, res.body.error.code]).toEqual([403, "LICENSE_REVOKED"]);
  });

  it("names a license of one's own account, or fails with LICENSE_NOT_FOUND", async () => {
    const c = await signedIn(2);
    const theirs = await signedIn(2);
    const { code } = await startSignIn();
    const wrong = await request(`/v1/portal/devices/${code}/approve`, {
      method: "POST",
      headers: asCustomer(c.cookie, { "content-type": "application/json" }),
      body: JSON.stringify({ license_id: theirs.license_id }),
    });
    expect([wrong.status, wrong.body.error.code]).toEqual([404, "LICENSE_NOT_FOUND"]);
    const right = await request(`/v1/portal/devices/${code}/approve`, {
      method: "POST",
      headers: asCustomer(c.cookie, { "content-type": "application/json" }),
      body: JSON.stringify({ license_id: c.license_id }),
    });
    expect(right.status).toBe(200);
  });

  it("by one account hides the code from every other account", async () => {
    const mine = await signedIn(2);
    const other = await signedIn(2);
    const { code } = await startSignIn();
    await portalDevice(mine.cookie, code, "approve");
    expect((await portalDevice(other.cookie, code)).status).toBe(404);
    expect((await portalDevice(other.cookie, code, "approve")).status).toBe(404);
    expect((await portalDevice(other.cookie, code, "deny")).status).toBe(404);
    expect((await accountStub(other.account_id).snapshot()).machines).toEqual([]);
  });
});

describe("denying a sign-in", () => {
  it("is final: the app is refused, audited device.denied by the customer, and approving afterwards finds nothing", async () => {
    const c = await signedIn(2);
    const { code, body } = await startSignIn();
    const res = await portalDevice(c.cookie, code, "deny");
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user_code: body.user_code, status: "denied" });
    expect((await poll(body.device_code)).body.error.code).toBe("ACCESS_DENIED");
    expect((await portalDevice(c.cookie, code, "approve")).status).toBe(404);
    // Denying again changes nothing and audits nothing more.
    expect((await portalDevice(c.cookie, code, "deny")).status).toBe(200);
    expect(await trail(c.account_id, DEVICE_ACTIONS)).toEqual([["device.denied", "customer", c.email]]);
    expect((await accountStub(c.account_id).snapshot()).machines).toEqual([]);
  });

  it("cannot undo an approval (409 ALREADY_APPROVED): the machine stays, the app keeps its grant", async () => {
    const c = await signedIn(2);
    const { code, body } = await startSignIn();
    await portalDevice(c.cookie, code, "approve");
    const res = await portalDevice(c.cookie, code, "deny");
    expect([res.status, res.body.error.code]).toEqual([409, "ALREADY_APPROVED"]);
    expect((await poll(body.device_code)).status).toBe(200);
  });
});

describe("the portal's device calls are the signed-in customer's only", () => {
  it.each(["", "approve", "deny"] as const)("%s: 401 without a session, 403 from a foreign page", async (action) => {
    const { code } = await startSignIn();
    const path = `/v1/portal/devices/${code}${action ? `/${action}` : ""}`;
    const method = action ? "POST" : "GET";
    const anonymous = await request(path, { method, headers: { origin: PORTAL } });
    expect([anonymous.status, anonymous.body.error.code]).toEqual([401, "UNAUTHORIZED"]);
    if (action) {
      const c = await signedIn(2);
      const foreignPages: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
      for (const foreign of foreignPages) {
        const res = await request(path, { method, headers: { cookie: c.cookie, ...foreign } });
        expect([res.status, res.body.error.code]).toEqual([403, "FORBIDDEN"]);
      }
      expect((await portalDevice(c.cookie, code)).body.status).toBe("pending");
    }
  });
});
