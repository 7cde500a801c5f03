/**
 * The seat policies through the desktop API, the portal and support (API.md "Seat
 * policies"): a machine recognised by its components after a reinstall, stale seats
 * released for a new machine, and the customer's swap limit.
 */
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/crypto/digest";
import { accountStub, auditEvents, backdate } from "../helpers/account";
import { activate, deactivate, fingerprintFor, grantLicense, post, validate } from "../helpers/api";
import { asCustomer, openLive, signedIn } from "../helpers/portal";
import { asStaff } from "../helpers/staff";
import { request, uniqueEmail } from "../helpers/api";
import { accountOf, keyIn, mailTo } from "../helpers/stripe-account";
import { charge, chargeRefunded, checkoutCompleted, deliver, session } from "../fixtures/stripe-events";

const pc = { machine_guid: "guid-hash-0001", bios_serial: "bios-hash-0001", board_serial: "board-hash-001", disk_serial: "disk-hash-0001" };
const reinstalled = { ...pc, machine_guid: "guid-hash-0002" };

async function eventsAfterFlush(accountId: string, action: string) {
  await accountStub(accountId).flush();
  return (await auditEvents(accountId)).filter((e) => e.action === action);
}

describe("machine components: the same machine after a hardware change or an OS reinstall", () => {
  it("a new fingerprint with 3 of 4 components the same is that machine: 200, same activation, fingerprint and components updated, no seat, audited", async () => {
    const lic = await grantLicense(1);
    const [before, after] = [fingerprintFor("before-reinstall"), fingerprintFor("after-reinstall")];
    const first = await activate(lic.license_key, before, { components: pc, name: "Trading PC" });
    expect(first.status).toBe(201);

    // The license is full, and still the reinstalled machine gets its activation back.
    const again = await activate(lic.license_key, after, { components: reinstalled });
    expect(again.status).toBe(200);
    expect(again.body.activation).toMatchObject({ id: first.body.activation.id, fingerprint: after, name: "Trading PC" });
    expect(again.body.license).toMatchObject({ seats: 1, seats_used: 1 });
    expect(decodeJwt(again.body.token)).toMatchObject({ act: first.body.activation.id, fp: await sha256Hex(after) });

    expect((await validate(lic.license_key, before)).body.code).toBe("NOT_ACTIVATED");
    expect((await validate(lic.license_key, after)).body).toMatchObject({ valid: true, activation: { id: first.body.activation.id } });

    const [event] = await eventsAfterFlush(lic.account_id, "machine.fingerprint_changed");
    expect(event).toMatchObject({ actor_type: "desktop", target_id: first.body.activation.id });
    expect(JSON.parse(String(event!.data))).toEqual({ license_id: lic.license_id, from: before, to: after, components_matched: 3, components_stored: 4 });
  });

  it("the stored components are the new ones: the next change is matched against them", async () => {
    const lic = await grantLicense(2);
    const first = await activate(lic.license_key, fingerprintFor("gen-1"), { components: pc });
    await activate(lic.license_key, fingerprintFor("gen-2"), { components: reinstalled });
    // 3 of 4 with the current set, only 2 of 4 with the first one.
    const third = { ...reinstalled, disk_serial: "disk-hash-0003" };
    const res = await activate(lic.license_key, fingerprintFor("gen-3"), { components: third });
    expect(res.status).toBe(200);
    expect(res.body.activation.id).toBe(first.body.activation.id);
  });

  it.each([
    ["2 of 4 the same (half is not more than half)", { ...pc, machine_guid: "guid-hash-0009", disk_serial: "disk-hash-0009" }],
    ["everything changed", { machine_guid: "guid-hash-0009", bios_serial: "bios-hash-0009", board_serial: "board-hash-009", disk_serial: "disk-hash-0009" }],
    ["no components at all", undefined],
  ])("a new fingerprint is a new machine with a seat of its own when %s", async (_case, components) => {
    const lic = await grantLicense(2);
    const first = await activate(lic.license_key, fingerprintFor("one"), { components: pc });
    const res = await activate(lic.license_key, fingerprintFor("two"), components ? { components } : {});
    expect(res.status).toBe(201);
    expect(res.body.activation.id).not.toBe(first.body.activation.id);
    expect(res.body.license.seats_used).toBe(2);
  });

  it("a machine that stored a single component is never taken over, even by the same value", async () => {
    const lic = await grantLicense(2);
    await activate(lic.license_key, fingerprintFor("single"), { components: { machine_guid: "guid-hash-0001" } });
    const res = await activate(lic.license_key, fingerprintFor("other"), { components: { machine_guid: "guid-hash-0001" } });
    expect(res.status).toBe(201);
  });

  it("duplicates across machines: of two machines with the same components, the one seen least recently is the reinstalled one", async () => {
    const lic = await grantLicense(3);
    const live = await activate(lic.license_key, fingerprintFor("live-twin"), { components: pc });
    const quiet = await activate(lic.license_key, fingerprintFor("quiet-twin"), { components: pc });
    await backdate(lic.account_id, { machines: { [live.body.activation.id]: 0.5, [quiet.body.activation.id]: 3 } });
    const res = await activate(lic.license_key, fingerprintFor("fresh-install"), { components: reinstalled });
    expect(res.status).toBe(200);
    expect(res.body.activation.id).toBe(quiet.body.activation.id);
  });

  it("a recognised machine on a suspended or revoked license is refused like any other", async () => {
    const lic = await grantLicense(1);
    await activate(lic.license_key, fingerprintFor("before"), { components: pc });
    await asStaff(`/v1/admin/licenses/${lic.license_id}/revoke`, { json: { reason: "chargeback" } });
    const res = await activate(lic.license_key, fingerprintFor("after"), { components: reinstalled });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("LICENSE_REVOKED");
  });

  it.each([
    ["an empty object", {}],
    ["nine entries", Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`c${i}`, `value-000${i}`]))],
    ["a name with capitals", { Machine_Guid: "guid-hash-0001" }],
    ["a name over 32 characters", { ["x".repeat(33)]: "guid-hash-0001" }],
    ["a value under 8 characters", { machine_guid: "short" }],
    ["a value over 128 characters", { machine_guid: "x".repeat(129) }],
    ["a value that is not printable ASCII", { machine_guid: "guid-hash-\u00e9\u00e9" }],
    ["a value that is not a string", { machine_guid: 12345678 }],
    ["an array", ["guid-hash-0001"]],
  ])("components must be 1–8 names [a-z0-9_]{1,32} to 8–128 printable ASCII: %s is a 400", async (_case, components) => {
    const lic = await grantLicense(1);
    const res = await activate(lic.license_key, fingerprintFor("bad"), { components });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
    expect(JSON.stringify(res.body.error.details)).toContain("components");
  });
});

describe("stale seats are released for a new machine", () => {
  it("a full license gives the seat of the machine unseen longest (past 30 days) to the new one: 201, audited by system, pushed live to the portal", async () => {
    const customer = await signedIn(2);
    const oldest = await activate(customer.license_key, fingerprintFor("drawer-laptop"), { name: "Old laptop" });
    const older = await activate(customer.license_key, fingerprintFor("spare-pc"), { name: "Spare PC" });
    await backdate(customer.account_id, { machines: { [oldest.body.activation.id]: 45, [older.body.activation.id]: 31 } });
    const live = await openLive(customer.cookie);
    await expect.poll(() => live.messages.length).toBeGreaterThan(0);

    const fresh = fingerprintFor("new-desk");
    const res = await activate(customer.license_key, fresh, { name: "New desk" });
    expect(res.status).toBe(201);
    expect(res.body.license).toMatchObject({ seats: 2, seats_used: 2 });
    expect((await validate(customer.license_key, fresh)).body.valid).toBe(true);
    expect((await validate(customer.license_key, oldest.body.activation.fingerprint)).body.code).toBe("NOT_ACTIVATED");

    // The portal sees the swap at once: the old laptop gone, the new desk there.
    await expect
      .poll(() =>
        live.messages
          .at(-1)
          ?.machines.map((m: { name: string }) => m.name)
          .sort(),
      )
      .toEqual(["New desk", "Spare PC"]);
    live.ws.close();

    const [released] = await eventsAfterFlush(customer.account_id, "machine.auto_released");
    expect(released).toMatchObject({ actor_type: "system", actor_id: "seat-policy", target_id: oldest.body.activation.id });
    expect(JSON.parse(String(released!.data))).toMatchObject({ license_id: customer.license_id, stale_seat_days: 30, for_fingerprint: fresh });
  });

  it("while every machine was seen within 30 days, a full license still refuses (SEAT_LIMIT_REACHED)", async () => {
    const lic = await grantLicense(1);
    const quiet = await activate(lic.license_key, fingerprintFor("holiday"));
    await backdate(lic.account_id, { machines: { [quiet.body.activation.id]: 29 } });
    const res = await activate(lic.license_key, fingerprintFor("another"));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("SEAT_LIMIT_REACHED");
  });
});

describe("the swap limit: 6 customer deactivations per license in any rolling 30 days", () => {
  /** Activates and deactivates from the desktop `n` times (each deactivation is a swap). */
  async function swap(licenseKey: string, n: number) {
    for (let i = 0; i < n; i++) {
      const fp = fingerprintFor(`swap-${i}`);
      expect((await activate(licenseKey, fp)).status).toBe(201);
      expect((await deactivate(licenseKey, fp)).status).toBe(200);
    }
  }

  it("the 7th deactivation from the desktop is a 429 DEACTIVATION_LIMIT_REACHED saying when, and the machine stays active", async () => {
    const lic = await grantLicense(1);
    const started = Date.now();
    await swap(lic.license_key, 6);
    const fp = fingerprintFor("seventh");
    await activate(lic.license_key, fp);
    const res = await deactivate(lic.license_key, fp);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("DEACTIVATION_LIMIT_REACHED");
    expect(res.body.error.message).toMatch(/support can help/i);
    const next = Date.parse(res.body.error.details.next_allowed_at);
    // 30 days after the first of the six.
    expect(next - started).toBeGreaterThanOrEqual(30 * 86_400_000 - 1_000);
    expect(next - Date.now()).toBeLessThanOrEqual(30 * 86_400_000);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(29 * 86_400);
    expect((await validate(lic.license_key, fp)).body.valid).toBe(true);
  });

  it("the portal counts the same swaps, shows how many remain, and refuses past the limit", async () => {
    const customer = await signedIn(1);
    await swap(customer.license_key, 5);
    const account = await request("/v1/portal/account", { headers: asCustomer(customer.cookie) });
    expect(account.body.licenses[0].seat_policy).toEqual({ stale_seat_days: 30, swaps_per_30_days: 6, swaps_remaining: 1, next_swap_at: null });

    const last = await activate(customer.license_key, fingerprintFor("portal-1"));
    const ok = await post(`/v1/portal/machines/${last.body.activation.id}/deactivate`, {}, asCustomer(customer.cookie));
    expect(ok.status).toBe(200);
    const refused = await activate(customer.license_key, fingerprintFor("portal-2"));
    const res = await post(`/v1/portal/machines/${refused.body.activation.id}/deactivate`, {}, asCustomer(customer.cookie));
    expect(res.status).toBe(429);
    expect(res.body.error.details.next_allowed_at).toEqual(expect.any(String));
    const after = await request("/v1/portal/account", { headers: asCustomer(customer.cookie) });
    expect(after.body.licenses[0].seat_policy).toMatchObject({ swaps_remaining: 0, next_swap_at: res.body.error.details.next_allowed_at });
  });

  it("support's deactivations, seat changes and auto-releases do not count, and support can still help at the limit", async () => {
    const lic = await grantLicense(2);
    await swap(lic.license_key, 6);
    const stuck = await activate(lic.license_key, fingerprintFor("stuck"));
    const byStaff = await asStaff(`/v1/admin/accounts/${lic.account_id}/machines/${stuck.body.activation.id}/deactivate`, {
      json: { reason: "customer's PC died, ticket 77" },
    });
    expect(byStaff.status).toBe(200);
    const a = await activate(lic.license_key, fingerprintFor("a"));
    await activate(lic.license_key, fingerprintFor("b"));
    await asStaff(`/v1/admin/licenses/${lic.license_id}/seats`, { json: { seats: 1, reason: "refund of one unit" } });
    await backdate(lic.account_id, { machines: { [a.body.activation.id]: 40 } });
    expect((await activate(lic.license_key, fingerprintFor("c"))).status).toBe(201);

    const detail = await asStaff(`/v1/admin/accounts/${lic.account_id}`);
    expect(detail.body.licenses[0].seat_policy).toMatchObject({ stale_seat_days: 30, swaps_per_30_days: 6, swaps_remaining: 0 });
  });

  it("a refund's deactivations do not count either", async () => {
    const email = uniqueEmail("refund-swaps");
    const [first, second] = [session({ email, quantity: 1 }), session({ email, quantity: 1 })];
    for (const s of [first, second]) expect((await deliver(checkoutCompleted(s))).status).toBe(200);
    const key = keyIn((await mailTo(email))[0]!.text);
    for (const n of [1, 2, 3, 4]) expect((await activate(key, fingerprintFor(`refund-${n}`))).status).toBe(201);

    const refund = charge({ paymentIntentId: second.payment_intent as string, amount: second.amount_total!, amountRefunded: second.amount_total! });
    expect((await deliver(chargeRefunded(refund))).status).toBe(200);
    const accountId = await accountOf(email);
    // Two machines lost their seats to the refund; the account view (D1) shows it once mirrored.
    await expect
      .poll(async () => (await asStaff(`/v1/admin/accounts/${accountId}`)).body.licenses[0])
      .toMatchObject({
        seats: 2,
        seats_used: 2,
        seat_policy: { swaps_remaining: 6 },
      });
  });

  it("a swap counts for 30 days, then the license has it back", async () => {
    const lic = await grantLicense(1);
    await swap(lic.license_key, 6);
    await backdate(lic.account_id, { swapsByDays: 30 });
    const fp = fingerprintFor("a-month-later");
    await activate(lic.license_key, fp);
    expect((await deactivate(lic.license_key, fp)).status).toBe(200);
  });
});
