/**
 * Support changes an account's email (API.md: POST /v1/admin/accounts/{id}/email).
 * Afterwards every way an email finds an account — sign-in links, checkouts through the
 * webhook, the dev grant — reaches this account for the new email and never for the old
 * one, though account ids are still derived from the email (the alias of
 * src/accounts/email-routing.ts).
 */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ALIAS_SETTLE_MS } from "../../durable-objects/email-routes";
import { accountStub, auditEvents } from "../helpers/account";
import { activate, fingerprintFor, grantLicense, post, request, uniqueEmail, validate } from "../helpers/api";
import { asCustomer, latestLink, redeem, requestLink, signedIn, tokenOf } from "../helpers/portal";
import { asStaff } from "../helpers/staff";
import { accountOf, keyIn, mailTo } from "../helpers/stripe-account";
import { checkoutCompleted, deliver, session } from "../fixtures/stripe-events";

const reason = "customer lost access to the old mailbox, ticket #5120";

const changeEmail = (accountId: string, email: string, why: string = reason) =>
  asStaff(`/v1/admin/accounts/${accountId}/email`, { json: { email, reason: why } });

async function seatsOf(accountId: string): Promise<number> {
  return (await accountStub(accountId).snapshot()).licenses[0]!.seats;
}

/** Moves an alias's claim back in time, at the email's home object. */
async function ageAlias(email: string, ms: number): Promise<void> {
  await runInDurableObject(accountStub(await accountOf(email)), (_instance, state) => {
    state.storage.sql.exec("UPDATE email_routes SET claimed_at = claimed_at - ? WHERE email = ?", ms, email);
  });
}

const signInLinks = async (email: string) => (await mailTo(email)).filter((m) => m.subject.includes("sign-in link"));

describe("POST /v1/admin/accounts/{id}/email", () => {
  it("changes the email: audited with old, new and reason; both addresses told; sessions and outstanding links of the old address end", async () => {
    const c = await signedIn(2);
    // A link still sitting in the old mailbox.
    await requestLink(c.email);
    const outstanding = tokenOf(await latestLink(c.email, 1));
    const to = uniqueEmail("moved");

    const res = await changeEmail(c.account_id, to.toUpperCase());
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ account_id: c.account_id, email: to, previous_email: c.email, changed: true, sessions_ended: 1 });
    expect([...res.body.notified].sort()).toEqual([c.email, to].sort());

    await accountStub(c.account_id).flush();
    const [event] = (await auditEvents(c.account_id)).filter((e) => e.action === "account.email_changed");
    expect(event).toMatchObject({ actor_type: "support" });
    expect(JSON.parse(String(event!.data))).toMatchObject({ from: c.email, to, reason });

    const [toNew] = (await mailTo(to)).filter((m) => m.subject.includes("email changed"));
    expect(toNew!.text).toContain(`now uses this address (${to})`);
    const [toOld] = (await mailTo(c.email)).filter((m) => m.subject.includes("email changed"));
    // The old mailbox learns of the change, but not the new address in full.
    expect(toOld!.text).not.toContain(to);
    expect(toOld!.text).toContain("contact support");

    expect((await request("/v1/portal/account", { headers: asCustomer(c.cookie) })).status).toBe(401);
    expect((await redeem(outstanding)).status).toBe(401);
    // The account view (D1) shows the new email.
    await expect.poll(async () => (await asStaff(`/v1/admin/accounts/${c.account_id}`)).body.account?.email).toBe(to);
  });

  it("sign-in links: the new email signs in to this account, the old one gets no link", async () => {
    const c = await grantLicense(2);
    const to = uniqueEmail("new-inbox");
    expect((await changeEmail(c.account_id, to)).status).toBe(200);

    expect((await requestLink(c.email)).status).toBe(202);
    expect((await requestLink(to)).status).toBe(202);
    const session = await redeem(tokenOf(await latestLink(to)));
    expect(session.status, session.text).toBe(200);
    const account = await request("/v1/portal/account", { headers: asCustomer(session.headers.get("set-cookie")!.split(";")[0]!) });
    expect(account.body).toMatchObject({ account_id: c.account_id, email: to, licenses: [{ id: c.license_id }] });
    expect(await signInLinks(c.email)).toHaveLength(0);
  });

  it("checkouts through the webhook: the new email's purchase adds to this account; the old email's starts a new account", async () => {
    const c = await grantLicense(2);
    const to = uniqueEmail("buyer-moved");
    expect((await changeEmail(c.account_id, to)).status).toBe(200);

    expect((await deliver(checkoutCompleted(session({ email: to, quantity: 1 })))).status).toBe(200);
    expect(await seatsOf(c.account_id)).toBe(4);
    expect(keyIn((await mailTo(to)).find((m) => m.subject.includes("license"))!.text)).toBe(c.license_key);

    // The old address buys again: a license of its own, not this account's.
    expect((await deliver(checkoutCompleted(session({ email: c.email, quantity: 1 })))).status).toBe(200);
    expect(await seatsOf(c.account_id)).toBe(4);
    const otherKey = keyIn((await mailTo(c.email)).find((m) => m.text.includes("CGPT-"))!.text);
    expect(otherKey).not.toBe(c.license_key);
    expect((await activate(otherKey, fingerprintFor("old-address"))).status).toBe(201);
    expect((await validate(c.license_key, fingerprintFor("nothing-here"))).body.code).toBe("NOT_ACTIVATED");
  });

  it("dev grants: the new email is granted on this account, the old one gets a new account (no D1 on the way)", async () => {
    const c = await grantLicense(2);
    const to = uniqueEmail("grant-moved");
    expect((await changeEmail(c.account_id, to)).status).toBe(200);

    const again = await post("/dev/licenses", { email: to, seats: 3 });
    expect(again.status, again.text).toBe(201);
    expect(again.body).toMatchObject({ account_id: c.account_id, license_id: c.license_id, license_key: c.license_key });

    const fresh = await post("/dev/licenses", { email: c.email, seats: 1 });
    expect(fresh.status, fresh.text).toBe(201);
    expect(fresh.body.account_id).not.toBe(c.account_id);
    // The same old email again finds that new account, not a third one.
    expect((await post("/dev/licenses", { email: c.email, seats: 1 })).body.account_id).toBe(fresh.body.account_id);
  });

  it("D1 may hold the old address on both accounts for a while (the first's mirror lagging): the new account's rows still land, none parked", async () => {
    const c = await grantLicense(2);
    expect((await changeEmail(c.account_id, uniqueEmail("mirror-moved"))).status).toBe(200);
    await accountStub(c.account_id).flush();
    // As if c's flush of the change were still waiting out a D1 outage.
    await env.DB.prepare("UPDATE accounts SET email = ? WHERE id = ?").bind(c.email, c.account_id).run();

    const fresh = await post("/dev/licenses", { email: c.email, seats: 1 });
    expect(fresh.status, fresh.text).toBe(201);
    expect(await accountStub(fresh.body.account_id).flush()).toMatchObject({ ok: true, parked: 0 });
    const rows = await env.DB.prepare("SELECT id FROM accounts WHERE email = ? ORDER BY id").bind(c.email).all();
    expect(rows.results.map((r) => r.id).sort()).toEqual([c.account_id, fresh.body.account_id].sort());
    const license = await env.DB.prepare("SELECT account_id FROM licenses WHERE id = ?").bind(fresh.body.license_id).first();
    expect(license).toEqual({ account_id: fresh.body.account_id });
  });

  it("back to the first email: it reaches the account again, and the interim email is free for someone else", async () => {
    const c = await grantLicense(1);
    const interim = uniqueEmail("interim");
    expect((await changeEmail(c.account_id, interim)).status).toBe(200);
    const back = await changeEmail(c.account_id, c.email);
    expect(back.status, back.text).toBe(200);
    expect(back.body).toMatchObject({ email: c.email, previous_email: interim, changed: true });
    expect((await post("/dev/licenses", { email: c.email, seats: 1 })).body.account_id).toBe(c.account_id);

    // The interim email's alias names an account that no longer has it: another account
    // may take it — once the alias is past the minutes in which a change may still be landing.
    const other = await grantLicense(1);
    expect((await changeEmail(other.account_id, interim)).body.error.code).toBe("EMAIL_IN_USE");
    await ageAlias(interim, ALIAS_SETTLE_MS);
    const taken = await changeEmail(other.account_id, interim);
    expect(taken.status, taken.text).toBe(200);
    expect((await post("/dev/licenses", { email: interim, seats: 1 })).body.account_id).toBe(other.account_id);
  });

  it("409 EMAIL_IN_USE for an email another account has (its own, or by an earlier change), and nothing changes", async () => {
    const a = await grantLicense(1);
    const b = await grantLicense(1);
    const refused = await changeEmail(a.account_id, b.email);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("EMAIL_IN_USE");

    const moved = uniqueEmail("claimed");
    expect((await changeEmail(b.account_id, moved)).status).toBe(200);
    expect((await changeEmail(a.account_id, moved)).body.error.code).toBe("EMAIL_IN_USE");
    expect((await asStaff(`/v1/admin/accounts/${a.account_id}`)).body.account.email).toBe(a.email);
    expect(await accountOf(a.email)).toBe(a.account_id);
  });

  it("the same email again changes nothing; a missing reason, a bad email or an unknown account is refused", async () => {
    const c = await grantLicense(1);
    const same = await changeEmail(c.account_id, c.email);
    expect(same.body).toMatchObject({ changed: false, notified: [] });
    expect((await changeEmail(c.account_id, uniqueEmail(), "")).status).toBe(400);
    expect((await changeEmail(c.account_id, "not-an-email")).status).toBe(400);
    expect((await changeEmail("acct_000000000000", uniqueEmail())).status).toBe(404);
    expect((await post(`/v1/admin/accounts/${c.account_id}/email`, { email: uniqueEmail(), reason })).status).toBe(401);
  });
});
