/**
 * A dispute or refund reaches only the seats its own purchase paid for (API.md): anyone
 * can buy with someone else's email and then dispute the charge, and that must never
 * cost the owner of the email the seats they paid for, or were granted.
 */
import { describe, expect, it } from "vitest";
import { accountStub } from "../helpers/account";
import { activate, fingerprintFor, grantLicense, uniqueEmail, validate } from "../helpers/api";
import { accountOf, eventsOf, keyIn, mailTo, snapshotOf } from "../helpers/stripe-account";
import { charge, chargeRefunded, checkoutCompleted, deliver, dispute, disputeClosed, disputeCreated, session } from "../fixtures/stripe-events";

async function ok(res: Promise<{ status: number; text: string }>) {
  const r = await res;
  expect(r.status, r.text).toBe(200);
}

/** A paid purchase of `quantity` units for `email`; returns its payment intent and amount. */
async function purchase(email: string, quantity = 1) {
  const s = session({ email, quantity });
  await ok(deliver(checkoutCompleted(s)));
  return { paymentIntentId: s.payment_intent as string, amount: s.amount_total! };
}

async function activateInOrder(key: string, tags: string[]) {
  const fps = [];
  for (const tag of tags) {
    const fp = fingerprintFor(tag);
    expect((await activate(key, fp)).status).toBe(201);
    fps.push(fp);
    await new Promise((r) => setTimeout(r, 5)); // distinct activation times: "newest" is well defined
  }
  return fps;
}

const openDispute = (p: { paymentIntentId: string; amount: number }) => dispute({ ...p, status: "needs_response" });

describe("a dispute withholds only the disputed purchase's seats", () => {
  it("a stranger's purchase with the victim's email, disputed: the victim keeps their seats, license and machines", async () => {
    const victim = uniqueEmail("victim");
    await purchase(victim, 1);
    const key = keyIn((await mailTo(victim))[0]!.text);
    const [a, b] = await activateInOrder(key, ["v1", "v2"]);

    const attacker = await purchase(victim, 1); // same email, so the same license: 4 seats
    const d = openDispute(attacker);
    await ok(deliver(disputeCreated(d)));

    let snap = await snapshotOf(victim);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2, seats_used: 2 });
    for (const fp of [a!, b!]) expect((await validate(key, fp)).body).toMatchObject({ valid: true, code: "VALID" });
    expect(snap.purchases.map((p) => p.status).sort()).toEqual(["disputed", "paid"]);
    const actions = (await eventsOf(victim)).map((e) => e.action);
    expect(actions).toContain("purchase.disputed");
    expect(actions).not.toContain("license.suspended");
    const changed = (await eventsOf(victim)).filter((e) => e.action === "license.seats_changed").map((e) => JSON.parse(String(e.data)));
    expect(changed.at(-1)).toMatchObject({ from: 4, to: 2, dispute_id: d.id });

    // Won: the withheld seats come back.
    await ok(deliver(disputeClosed({ ...d, status: "won" })));
    snap = await snapshotOf(victim);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 4 });
    expect(snap.purchases.map((p) => p.status)).toEqual(["paid", "paid"]);
  });

  it("machines over the new limit lose their seats, newest first, as for a refund", async () => {
    const email = uniqueEmail("over");
    await purchase(email, 1);
    const key = keyIn((await mailTo(email))[0]!.text);
    const disputed = await purchase(email, 1);
    const fps = await activateInOrder(key, ["o1", "o2", "o3"]);

    await ok(deliver(disputeCreated(openDispute(disputed))));
    const snap = await snapshotOf(email);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2, seats_used: 2 });
    expect(snap.machines.map((m) => m.fingerprint).sort()).toEqual([fps[0], fps[1]].sort());
    const dropped = (await eventsOf(email)).filter((e) => e.action === "machine.deactivated");
    expect(dropped.map((e) => JSON.parse(String(e.data)))).toEqual([expect.objectContaining({ fingerprint: fps[2], reason: "dispute" })]);
    expect(dropped[0]!.actor_type).toBe("stripe");
  });

  it("a license left with no seats is suspended; won gives them back and makes it active again", async () => {
    const email = uniqueEmail("only");
    const p = await purchase(email, 1);
    const key = keyIn((await mailTo(email))[0]!.text);
    const [fp] = await activateInOrder(key, ["s1"]);
    const d = openDispute(p);
    await ok(deliver(disputeCreated(d)));

    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "suspended", seats: 0, seats_used: 0 });
    expect((await activate(key, fingerprintFor("s2"))).body.error.code).toBe("LICENSE_SUSPENDED");
    expect((await validate(key, fp!)).body).toMatchObject({ valid: false, code: "SUSPENDED" });

    await ok(deliver(disputeClosed({ ...d, status: "won" })));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "active", seats: 2, seats_used: 0 });
    expect((await activate(key, fp!)).status).toBe(201);
    const actions = (await eventsOf(email)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["purchase.disputed", "license.suspended", "machine.deactivated", "purchase.dispute_won", "license.restored"]),
    );
  });

  it("seats granted by support stay when the only purchase is disputed and lost", async () => {
    const granted = await grantLicense(2);
    const p = await purchase(granted.email, 1);
    const d = openDispute(p);
    await ok(deliver(disputeCreated(d)));
    expect((await snapshotOf(granted.email)).licenses[0]).toMatchObject({ status: "active", seats: 2 });

    await ok(deliver(disputeClosed({ ...d, status: "lost" })));
    const snap = await snapshotOf(granted.email);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2 });
    expect(snap.purchases[0]!.status).toBe("refunded");
  });

  it("a refund of one purchase while another is disputed: suspended (not revoked) until the dispute is won", async () => {
    const email = uniqueEmail("refund-beside");
    const disputed = await purchase(email, 1);
    const refunded = await purchase(email, 1);
    const [d1, d2] = [openDispute(disputed), openDispute(disputed)];
    await ok(deliver(disputeCreated(d1)));
    await ok(deliver(disputeCreated(d2)));
    await ok(deliver(chargeRefunded(charge({ paymentIntentId: refunded.paymentIntentId, amount: refunded.amount, amountRefunded: refunded.amount }))));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "suspended", seats: 0 });

    // Two disputes on one purchase: the seats come back only when neither is open.
    await ok(deliver(disputeClosed({ ...d1, status: "won" })));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "suspended", seats: 0 });
    await ok(deliver(disputeClosed({ ...d2, status: "won" })));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "active", seats: 2 });
  });

  it("a dispute takes back no more than the license holds, and won gives back exactly that", async () => {
    const email = uniqueEmail("lowered");
    const p = await purchase(email, 2); // 4 seats
    const license = (await snapshotOf(email)).licenses[0]!;
    await accountStub(await accountOf(email)).setSeats({
      actor: { type: "support", id: "test" },
      requestId: null,
      licenseId: license.id,
      seats: 1,
      reason: "test",
    });
    const d = openDispute(p);
    await ok(deliver(disputeCreated(d)));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "suspended", seats: 0 });
    await ok(deliver(disputeClosed({ ...d, status: "won" })));
    expect((await snapshotOf(email)).licenses[0]).toMatchObject({ status: "active", seats: 1 });
  });

  it("lost while open: the withheld seats are gone for good, audited once as withdrawn", async () => {
    const email = uniqueEmail("lost-open");
    await purchase(email, 1);
    const p = await purchase(email, 1);
    const d = openDispute(p);
    await ok(deliver(disputeCreated(d)));
    await ok(deliver(disputeClosed({ ...d, status: "lost" })));
    const snap = await snapshotOf(email);
    expect(snap.licenses[0]).toMatchObject({ status: "active", seats: 2 });
    expect(snap.purchases.map((x) => x.status).sort()).toEqual(["paid", "refunded"]);
    const lost = (await eventsOf(email)).filter((e) => e.action === "purchase.dispute_lost").map((e) => JSON.parse(String(e.data)));
    expect(lost).toEqual([expect.objectContaining({ dispute_id: d.id, seats_withdrawn: 2 })]);
  });
});
