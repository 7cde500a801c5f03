import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activate, BASE, fingerprintFor, grantLicense, request, uniqueEmail, validate } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";
import { PORTAL, signedIn } from "../helpers/portal";
import { asStaff } from "../helpers/staff";
import { mailTo, keyIn } from "../helpers/stripe-account";

async function customerWithMachines(count: number, seats = 4) {
  const lic = await grantLicense(seats);
  const machines = [];
  for (let i = 0; i < count; i++) {
    machines.push((await activate(lic.license_key, fingerprintFor(`sup${i}`), { name: `Machine ${i}` })).body.activation);
    await new Promise((r) => setTimeout(r, 3));
  }
  await accountStub(lic.account_id).flush();
  return { ...lic, machines };
}

describe("support queries", () => {
  it("find accounts by email (normalized, prefix allowed) and by license key", async () => {
    const c = await customerWithMachines(0, 2);
    const exact = await asStaff(`/v1/admin/accounts?email=${encodeURIComponent(c.email.toUpperCase())}`);
    expect(exact.status).toBe(200);
    expect(exact.body.accounts).toEqual([
      { id: c.account_id, email: c.email, created_at: expect.any(String), licenses: [{ id: c.license_id, status: "active", seats: 2, product: "chartgpt" }] },
    ]);

    const prefix = await asStaff(`/v1/admin/accounts?email=${encodeURIComponent(c.email.slice(0, 14))}`);
    expect(prefix.body.accounts.map((a: { id: string }) => a.id)).toContain(c.account_id);

    const byKey = await asStaff(`/v1/admin/accounts?license_key=${encodeURIComponent(c.license_key.toLowerCase())}`);
    expect(byKey.body.accounts.map((a: { id: string }) => a.id)).toEqual([c.account_id]);
    expect((await asStaff("/v1/admin/accounts?license_key=CGPT-nope")).body.accounts).toEqual([]);
    expect((await asStaff("/v1/admin/accounts")).status).toBe(400);
    expect((await asStaff(`/v1/admin/accounts?email=a&license_key=b`)).status).toBe(400);
  });

  it("show an account with licenses, machines and purchases", async () => {
    const c = await customerWithMachines(2);
    const res = await asStaff(`/v1/admin/accounts/${c.account_id}`);
    expect(res.status).toBe(200);
    expect(res.body.account).toEqual({ id: c.account_id, email: c.email, created_at: expect.any(String) });
    expect(res.body.licenses).toEqual([expect.objectContaining({ id: c.license_id, seats: 4, seats_used: 2, status: "active" })]);
    expect(res.body.machines.map((m: { id: string }) => m.id).sort()).toEqual(c.machines.map((m) => m.id).sort());
    expect(res.body.purchases).toEqual([]);
    expect((await asStaff("/v1/admin/accounts/acct_000000000000")).status).toBe(404);
  });

  it("filter audit events by account, action, actor and time, newest first", async () => {
    const c = await customerWithMachines(3);
    const byAccount = await asStaff(`/v1/admin/events?account_id=${c.account_id}`);
    expect(byAccount.body.events.map((e: { action: string }) => e.action)).toEqual([
      "machine.activated",
      "machine.activated",
      "machine.activated",
      "license.created",
      "account.created",
    ]);
    expect(byAccount.body.events[0]).toEqual({
      id: expect.stringMatching(/^evt_/),
      account_id: c.account_id,
      at: expect.any(String),
      actor: { type: "desktop", id: null },
      action: "machine.activated",
      target: { type: "machine", id: c.machines[2]!.id },
      data: expect.objectContaining({ license_id: c.license_id, name: "Machine 2" }),
      request_id: expect.stringMatching(/^req_/),
    });

    const created = await asStaff(`/v1/admin/events?account_id=${c.account_id}&action=license.created`);
    expect(created.body.events).toHaveLength(1);
    const bySystem = await asStaff(`/v1/admin/events?account_id=${c.account_id}&actor=system`);
    expect(bySystem.body.events.map((e: { action: string }) => e.action)).toEqual(["license.created", "account.created"]);
    const future = await asStaff(`/v1/admin/events?account_id=${c.account_id}&since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.body.events).toEqual([]);
    const past = await asStaff(`/v1/admin/events?account_id=${c.account_id}&until=${encodeURIComponent("2000-01-01T00:00:00Z")}`);
    expect(past.body.events).toEqual([]);
    expect((await asStaff("/v1/admin/events?actor=hacker")).status).toBe(400);
    expect((await asStaff("/v1/admin/events?since=yesterday")).status).toBe(400);
  });

  it("paginate with a cursor: no duplicates or gaps while new events are written", async () => {
    const c = await customerWithMachines(12, 40);
    const expected = (await auditEvents(c.account_id)).map((e) => e.id).reverse();
    const seen: string[] = [];
    let cursor: string | null = null;
    let round = 0;
    do {
      const page: { body: { events: { id: string }[]; next_cursor: string | null } } = await asStaff(
        `/v1/admin/events?account_id=${c.account_id}&limit=4${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(...page.body.events.map((e) => e.id));
      cursor = page.body.next_cursor;
      // Concurrent writes, newer than every page already read.
      await Promise.all([activate(c.license_key, fingerprintFor(`new${round}a`)), activate(c.license_key, fingerprintFor(`new${round}b`))]);
      await accountStub(c.account_id).flush();
      round++;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});

describe("support actions", () => {
  const reason = "customer asked on ticket #4821";

  it("deactivate a machine: effect, audit with the staff email and reason, live push to the portal", async () => {
    const c = await signedIn(3);
    const a = await activate(c.license_key, fingerprintFor("stay"));
    const b = await activate(c.license_key, fingerprintFor("go"));
    const live = await exports.default.fetch(new Request(`${BASE}/v1/portal/live`, { headers: { upgrade: "websocket", cookie: c.cookie, origin: PORTAL } }));
    const messages: any[] = [];
    live.webSocket!.addEventListener("message", (e) => {
      messages.push(JSON.parse(String(e.data)));
    });
    live.webSocket!.accept();
    await expect.poll(() => messages.length).toBe(1);

    const res = await asStaff(`/v1/admin/accounts/${c.account_id}/machines/${b.body.activation.id}/deactivate`, {
      json: { reason },
      email: "Alice@ChartGPT.example",
    });
    expect(res.status).toBe(200);
    expect(res.body.license.seats_used).toBe(1);
    await expect.poll(() => messages.at(-1)?.machines.map((m: { id: string }) => m.id)).toEqual([a.body.activation.id]);
    expect((await validate(c.license_key, b.body.activation.fingerprint)).body.code).toBe("NOT_ACTIVATED");

    await accountStub(c.account_id).flush();
    const event = (await auditEvents(c.account_id)).at(-1)!;
    expect(event).toMatchObject({ action: "machine.deactivated", actor_type: "support", actor_id: "alice@chartgpt.example", target_id: b.body.activation.id });
    expect(JSON.parse(String(event.data))).toMatchObject({ reason });
    live.webSocket!.close();

    expect((await asStaff(`/v1/admin/accounts/${c.account_id}/machines/${b.body.activation.id}/deactivate`, { json: { reason } })).status).toBe(404);
    expect((await asStaff(`/v1/admin/accounts/${c.account_id}/machines/${a.body.activation.id}/deactivate`, { json: { reason: "" } })).status).toBe(400);
  });

  it("set seats: machines over the new limit are deactivated newest first, audited", async () => {
    const c = await customerWithMachines(3);
    const res = await asStaff(`/v1/admin/licenses/${c.license_id}/seats`, { json: { seats: 1, reason } });
    expect(res.status).toBe(200);
    expect(res.body.license).toMatchObject({ seats: 1, seats_used: 1 });
    expect(res.body.deactivated).toEqual([c.machines[2]!.id, c.machines[1]!.id]);
    await accountStub(c.account_id).flush();
    const events = (await auditEvents(c.account_id)).filter((e) => e.actor_type === "support");
    expect(events.map((e) => e.action)).toEqual(["license.seats_changed", "machine.deactivated", "machine.deactivated"]);
    expect(JSON.parse(String(events[0]!.data))).toMatchObject({ from: 4, to: 1, reason });
    expect((await asStaff(`/v1/admin/licenses/${c.license_id}/seats`, { json: { seats: -1, reason } })).status).toBe(400);
    expect((await asStaff(`/v1/admin/licenses/lic_unknown/seats`, { json: { seats: 1, reason } })).status).toBe(404);
  });

  it("revoke and restore, each audited", async () => {
    const c = await customerWithMachines(1);
    const fp = c.machines[0]!.fingerprint;
    expect((await asStaff(`/v1/admin/licenses/${c.license_id}/revoke`, { json: { reason } })).body.license.status).toBe("revoked");
    expect((await validate(c.license_key, fp)).body.code).toBe("REVOKED");
    expect((await asStaff(`/v1/admin/licenses/${c.license_id}/restore`, { json: { reason } })).body.license.status).toBe("active");
    expect((await validate(c.license_key, fp)).body.code).toBe("VALID");
    await accountStub(c.account_id).flush();
    const actions = (await auditEvents(c.account_id)).filter((e) => e.actor_type === "support").map((e) => e.action);
    expect(actions).toEqual(["license.revoked", "license.restored"]);
  });

  it("resend the license email and a sign-in link, each audited", async () => {
    const c = await customerWithMachines(0, 2);
    const resent = await asStaff(`/v1/admin/licenses/${c.license_id}/resend-key`, { json: { reason } });
    expect(resent.body).toEqual({ sent: true, to: c.email });
    expect(keyIn((await mailTo(c.email))[0]!.text)).toBe(c.license_key);

    const link = await asStaff(`/v1/admin/accounts/${c.account_id}/sign-in-link`, { json: { reason } });
    expect(link.body).toEqual({ sent: true, to: c.email });
    expect((await mailTo(c.email))[0]!.subject).toContain("sign-in link");
    await accountStub(c.account_id).flush();
    const support = (await auditEvents(c.account_id)).filter((e) => e.actor_type === "support");
    expect(support.map((e) => e.action)).toEqual(["license.key_resent", "auth.magic_link_sent"]);
    expect(support.every((e) => JSON.parse(String(e.data)).reason === reason)).toBe(true);
    expect((await asStaff(`/v1/admin/accounts/acct_000000000000/sign-in-link`, { json: { reason } })).status).toBe(404);
    expect((await asStaff(`/v1/admin/accounts/not-an-account/sign-in-link`, { json: { reason } })).status).toBe(404);
  });

  it("unknown email searches return nothing rather than an error", async () => {
    expect((await asStaff(`/v1/admin/accounts?email=${uniqueEmail("ghost")}`)).body).toEqual({ accounts: [] });
    expect((await request("/v1/admin/accounts?email=x")).status).toBe(401);
  });
});
