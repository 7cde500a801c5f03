import { describe, expect, it } from "vitest";
import { activate, fingerprintFor, uniqueEmail, validate } from "../helpers/api";
import { eventsOf, keyIn, mailTo, snapshotOf } from "../helpers/stripe-account";
import {
  asyncFailed,
  asyncSucceeded,
  charge,
  chargeRefunded,
  checkoutCompleted,
  deliver,
  dispute,
  disputeClosed,
  disputeCreated,
  session,
} from "../fixtures/stripe-events";

async function ok(res: Promise<{ status: number; text: string }>) {
  const r = await res;
  expect(r.status, r.text).toBe(200);
}

/** A buyer with one paid purchase of `quantity` units, plus its license key. */
async function buyer(quantity = 1) {
  const email = uniqueEmail("life");
  const s = session({ email, quantity });
  await ok(deliver(checkoutCompleted(s)));
  const key = keyIn((await mailTo(email))[0]!.text);
  return { email, session: s, key, paymentIntentId: s.payment_intent as string, amount: s.amount_total! };
}

describe("unpaid and asynchronous payments", () => {
  it("records an unpaid checkout as pending with no seats, then provisions on async_payment_succeeded", async () => {
    const email = uniqueEmail("async");
    const s = session({ email, paymentStatus: "unpaid" });
    await ok(deliver(checkoutCompleted(s)));
    let snap = await snapshotOf(email);
    expect(snap.purchases).toEqual([expect.objectContaining({ status: "pending", seats: 2 })]);
    expect(snap.licenses).toEqual([]);
    expect(await mailTo(email)).toHaveLength(0);

    await ok(deliver(asyncSucceeded(s)));
    snap = await snapshotOf(email);
    expect(snap.purchases[0]!.status).toBe("paid");
    expect(snap.licenses[0]!.seats).toBe(2);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("async_payment_failed grants nothing and is audited", async () => {
    const email = uniqueEmail("asyncfail");
    const s = session({ email, paymentStatus: "unpaid" });
    await ok(deliver(checkoutCompleted(s)));
    await ok(deliver(asyncFailed(s)));
    const snap = await snapshotOf(email);
    expect(snap.purchases[0]!.status).toBe("failed");
    expect(snap.licenses).toEqual([]);
    expect((await eventsOf(email)).map((e) => e.action)).toEqual(["account.created", "purchase.pending", "purchase.failed"]);
  });

  it("a late 'unpaid' completion never undoes a payment already provisioned", async () => {
    const email = uniqueEmail("late-unpaid");
    const s = session({ email, paymentStatus: "unpaid" });
    await ok(deliver(asyncSucceeded(s)));
    await ok(deliver(checkoutCompleted(s)));
    const snap = await snapshotOf(email);
    expect(snap.purchases[0]!.status).toBe("paid");
    expect(snap.licenses[0]!.seats).toBe(2);
  });
});

describe("refunds", () => {
  it("a full refund withdraws the purchase's seats; machines over the new limit lose theirs, newest first", async () => {
    const b = await buyer(1);
    const second = session({ email: b.email, quantity: 1 });
    await ok(deliver(checkoutCompleted(second)));
    const fps = [fingerprintFor("r1"), fingerprintFor("r2"), fingerprintFor("r3")];
    for (const fp of fps) {
      expect((await activate(b.key, fp)).status).toBe(201);
      await new Promise((r) => setTimeout(r, 5));
    }

    await ok(deliver(chargeRefunded(charge({ paymentIntentId: second.payment_intent as string, amount: 14_900, amountRefunded: 14_900 }))));
    const snap = await snapshotOf(b.email);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2, seats_used: 2 });
    expect(snap.machines.map((m) => m.fingerprint).sort()).toEqual([fps[0], fps[1]].sort());
    expect(snap.purchases.find((p) => p.id && p.status === "refunded")).toMatchObject({ amount_refunded: 14_900 });
    expect((await validate(b.key, fps[2]!)).body.code).toBe("NOT_ACTIVATED");

    const events = await eventsOf(b.email);
    const dropped = events.filter((e) => e.action === "machine.deactivated");
    expect(dropped).toHaveLength(1);
    expect(dropped[0]!.actor_type).toBe("stripe");
    expect(JSON.parse(String(dropped[0]!.data))).toMatchObject({ fingerprint: fps[2], reason: "refund" });
    expect(events.filter((e) => e.action === "purchase.refunded")).toHaveLength(1);
  });

  it("a license left with 0 seats is revoked and every machine deactivated", async () => {
    const b = await buyer(1);
    await activate(b.key, fingerprintFor("z1"));
    await ok(deliver(chargeRefunded(charge({ paymentIntentId: b.paymentIntentId, amount: b.amount, amountRefunded: b.amount }))));
    const snap = await snapshotOf(b.email);
    expect(snap.licenses[0]).toMatchObject({ status: "revoked", seats: 0, seats_used: 0 });
    const res = await activate(b.key, fingerprintFor("z2"));
    expect([res.status, res.body.error.code]).toEqual([403, "LICENSE_REVOKED"]);
    expect((await eventsOf(b.email)).map((e) => e.action)).toContain("license.revoked");
  });

  it("partial refunds are audited without changing seats; two partials that add up to the total withdraw them", async () => {
    const b = await buyer(1);
    await ok(deliver(chargeRefunded(charge({ paymentIntentId: b.paymentIntentId, amount: b.amount, amountRefunded: 4_000 }))));
    let snap = await snapshotOf(b.email);
    expect(snap.licenses[0]!.seats).toBe(2);
    expect(snap.purchases[0]).toMatchObject({ status: "paid", amount_refunded: 4_000 });

    await ok(deliver(chargeRefunded(charge({ paymentIntentId: b.paymentIntentId, amount: b.amount, amountRefunded: b.amount }))));
    snap = await snapshotOf(b.email);
    expect(snap.purchases[0]).toMatchObject({ status: "refunded", amount_refunded: b.amount });
    expect(snap.licenses[0]!.seats).toBe(0);
    expect((await eventsOf(b.email)).filter((e) => e.action === "purchase.refunded")).toHaveLength(2);
  });

  it("a refund delivered before its checkout is parked, and the final state is the same as in order", async () => {
    const email = uniqueEmail("early-refund");
    const s = session({ email });
    const early = await deliver(chargeRefunded(charge({ paymentIntentId: s.payment_intent as string, amount: 14_900, amountRefunded: 14_900 })));
    expect(early.status).toBe(200);
    expect(early.body).toMatchObject({ parked: true });
    expect((await snapshotOf(email)).account).toBeNull();

    await ok(deliver(checkoutCompleted(s)));
    const snap = await snapshotOf(email);
    expect(snap.purchases[0]).toMatchObject({ status: "refunded", amount_refunded: 14_900 });
    expect(snap.licenses[0]).toMatchObject({ status: "revoked", seats: 0 });
  });
});

describe("disputes", () => {
  it("created on the only purchase leaves no seats, so the license is suspended: activation 403 LICENSE_SUSPENDED, validate SUSPENDED; won restores it", async () => {
    const b = await buyer(1);
    const fp = fingerprintFor("d");
    await activate(b.key, fp);
    const d = dispute({ paymentIntentId: b.paymentIntentId, amount: b.amount, status: "needs_response" });
    await ok(deliver(disputeCreated(d)));

    const blocked = await activate(b.key, fingerprintFor("d2"));
    expect([blocked.status, blocked.body.error.code]).toEqual([403, "LICENSE_SUSPENDED"]);
    expect((await validate(b.key, fp)).body).toMatchObject({ valid: false, code: "SUSPENDED" });
    expect((await snapshotOf(b.email)).purchases[0]!.status).toBe("disputed");

    await ok(deliver(disputeClosed({ ...d, status: "won" })));
    // Its machine lost the seat when the seats were withheld; it activates again.
    expect((await validate(b.key, fp)).body).toMatchObject({ valid: false, code: "NOT_ACTIVATED" });
    expect((await activate(b.key, fp)).status).toBe(201);
    const snap = await snapshotOf(b.email);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2 });
    expect(snap.purchases[0]!.status).toBe("paid");
    const actions = (await eventsOf(b.email)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["purchase.disputed", "license.suspended", "purchase.dispute_won", "license.restored"]));
  });

  it("lost counts as a full refund", async () => {
    const b = await buyer(1);
    await activate(b.key, fingerprintFor("lost"));
    const d = dispute({ paymentIntentId: b.paymentIntentId, amount: b.amount, status: "needs_response" });
    await ok(deliver(disputeCreated(d)));
    await ok(deliver(disputeClosed({ ...d, status: "lost" })));
    const snap = await snapshotOf(b.email);
    expect(snap.licenses[0]).toMatchObject({ status: "revoked", seats: 0, seats_used: 0 });
    expect(snap.purchases[0]!.status).toBe("refunded");
  });

  it("closed (won) delivered before created ends active, as in order", async () => {
    const b = await buyer(1);
    const d = dispute({ paymentIntentId: b.paymentIntentId, amount: b.amount, status: "won" });
    await ok(deliver(disputeClosed(d)));
    await ok(deliver(disputeCreated({ ...d, status: "needs_response" })));
    const snap = await snapshotOf(b.email);
    expect(snap.licenses[0]!.status).toBe("active");
    expect(snap.purchases[0]!.status).toBe("paid");
  });

  it("a dispute delivered before its checkout is parked and applied when the purchase appears", async () => {
    const email = uniqueEmail("early-dispute");
    const s = session({ email });
    const created = await deliver(disputeCreated(dispute({ paymentIntentId: s.payment_intent as string, amount: 14_900, status: "needs_response" })));
    expect(created.body).toMatchObject({ parked: true });
    await ok(deliver(checkoutCompleted(s)));
    const snap = await snapshotOf(email);
    expect(snap.licenses[0]!.status).toBe("suspended");
    expect(snap.purchases[0]!.status).toBe("disputed");
  });
});

describe("the D1 mirror after a purchase's whole life", () => {
  it("equals the object row for row (purchases included)", async () => {
    const { accountStub, d1Rows, objectRows } = await import("../helpers/account");
    const { accountOf } = await import("../helpers/stripe-account");
    const b = await buyer(2);
    await activate(b.key, fingerprintFor("m1"));
    await ok(deliver(chargeRefunded(charge({ paymentIntentId: b.paymentIntentId, amount: b.amount, amountRefunded: 1_000 }))));
    const d = dispute({ paymentIntentId: b.paymentIntentId, amount: b.amount, status: "needs_response" });
    await ok(deliver(disputeCreated(d)));
    await ok(deliver(disputeClosed({ ...d, status: "lost" })));
    const id = await accountOf(b.email);
    expect((await accountStub(id).flush()).ok).toBe(true);
    const object = await objectRows(id);
    expect(object.purchases).toHaveLength(1);
    expect(await d1Rows(id)).toEqual(object);
  });
});
