import { describe, expect, it } from "vitest";
import { uniqueEmail } from "../helpers/api";
import { deliverWithStripeKey, fakeStripeApi, lineItemsList, TEST_KEY, TEST_PRICE_ID } from "../helpers/stripe-api";
import { accountOf, eventsOf, mailTo, snapshotOf } from "../helpers/stripe-account";
import { asyncSucceeded, checkoutCompleted, deliver, lineItem, session } from "../fixtures/stripe-events";

/** Nothing was granted for the email: no account, license or purchase, no email sent. */
async function expectNothingGranted(email: string) {
  const snap = await snapshotOf(email);
  expect(snap).toMatchObject({ account: null, licenses: [], purchases: [] });
  expect(await mailTo(email)).toHaveLength(0);
}

async function ignoredEvents(email: string) {
  return (await eventsOf(email)).filter((e) => e.action === "purchase.ignored").map((e) => ({ ...e, data: JSON.parse(String(e.data)) }));
}

describe("without a Stripe key (the local dev checkout): only our metadata makes a purchase", () => {
  const cases: [string, (email: string) => ReturnType<typeof session>, string][] = [
    ["no metadata at all (a payment link, a dashboard charge)", (email) => ({ ...session({ email }), metadata: {} }), "no product in the session's metadata"],
    ["a product that is not in the catalog", (email) => ({ ...session({ email }), metadata: { product: "other", quantity: "1" } }), "unknown product other"],
    [
      "no metadata.quantity",
      (email) => ({ ...session({ email }), metadata: { product: "chartgpt" } }),
      'metadata.quantity "" is not a whole number from 1 to 50',
    ],
    ["metadata.quantity 51", (email) => session({ email, quantity: 51 }), 'metadata.quantity "51" is not a whole number from 1 to 50'],
    [
      "metadata.quantity 0",
      (email) => ({ ...session({ email }), metadata: { product: "chartgpt", quantity: "0" } }),
      'metadata.quantity "0" is not a whole number from 1 to 50',
    ],
    ["a 100 %-off coupon (no_payment_required)", (email) => session({ email, paymentStatus: "no_payment_required" }), "no payment required"],
    ["a live-mode session", (email) => ({ ...session({ email }), livemode: true }), "a live-mode session, and no Stripe key to check it with"],
    ["a subscription", (email) => ({ ...session({ email }), mode: "subscription" }), "checkout mode subscription"],
  ];
  for (const [name, make, reason] of cases) {
    it(`${name}: 200, recorded and audited purchase.ignored with the reason, no seats`, async () => {
      const email = uniqueEmail("ignored");
      const s = make(email);
      const res = await deliver(checkoutCompleted(s));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, ignored: true, reason, recorded: true, duplicate: false });
      await expectNothingGranted(email);
      const [audited, ...more] = await ignoredEvents(email);
      expect(more).toEqual([]);
      expect(audited).toMatchObject({ account_id: await accountOf(email), actor_type: "stripe", target_type: "checkout_session", target_id: s.id });
      expect(audited!.data).toMatchObject({ reason, email, payment_intent_id: s.payment_intent, event_type: "checkout.session.completed" });
    });
  }

  it("an ignored event applies once: a replay is a duplicate with no second audit event", async () => {
    const email = uniqueEmail("ignored-twice");
    const evt = checkoutCompleted({ ...session({ email }), metadata: {} });
    await deliver(evt);
    const again = await deliver(evt);
    expect(again.body).toMatchObject({ ignored: true, duplicate: true });
    expect(await ignoredEvents(email)).toHaveLength(1);
  });

  it("an ignored session that names no account at all is still answered 200", async () => {
    const s = { ...session({ email: "x@example.com" }), metadata: {}, customer_details: null, customer_email: null };
    const res = await deliver(checkoutCompleted(s));
    expect([res.status, res.body]).toEqual([200, { received: true, ignored: true, reason: "no product in the session's metadata", recorded: false }]);
  });

  it("an ignored session never touches an existing customer's seats", async () => {
    const email = uniqueEmail("ignored-existing");
    await deliver(checkoutCompleted(session({ email })));
    await deliver(checkoutCompleted({ ...session({ email }), metadata: {} }));
    await deliver(asyncSucceeded({ ...session({ email }), metadata: { product: "chartgpt", quantity: "999" } }));
    const snap = await snapshotOf(email);
    expect(snap.licenses).toEqual([expect.objectContaining({ seats: 2, status: "active" })]);
    expect(snap.purchases).toHaveLength(1);
    expect(await ignoredEvents(email)).toHaveLength(2);
  });
});

describe("with a Stripe key: the session's line items, fetched from Stripe, decide", () => {
  it("counts the quantity of our price in the line items, not metadata.quantity", async () => {
    const email = uniqueEmail("lineitems");
    const s = session({ email, quantity: 1 }); // metadata.quantity "1"
    const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 3 })]));
    const res = await deliverWithStripeKey(checkoutCompleted(s), stripe.fetchImpl);
    expect([res.status, res.body]).toEqual([200, { received: true, applied: true, duplicate: false }]);

    expect(stripe.calls).toHaveLength(1);
    const call = stripe.calls[0]!;
    expect([call.method, call.url.origin, call.url.pathname, call.url.searchParams.get("limit")]).toEqual([
      "GET",
      "https://api.stripe.com",
      `/v1/checkout/sessions/${s.id}/line_items`,
      "100",
    ]);
    expect(call.authorization).toBe(`Bearer ${TEST_KEY.STRIPE_SECRET_KEY}`);

    const snap = await snapshotOf(email);
    expect(snap.licenses).toEqual([expect.objectContaining({ seats: 6, status: "active" })]);
    expect(snap.purchases).toEqual([expect.objectContaining({ status: "paid", quantity: 3, seats: 6 })]);
  });

  it("sums several line items of our price and ignores other prices beside it", async () => {
    const email = uniqueEmail("lineitems-mixed");
    const stripe = fakeStripeApi(
      lineItemsList([
        lineItem({ priceId: TEST_PRICE_ID, quantity: 1 }),
        lineItem({ priceId: "price_other", quantity: 9 }),
        lineItem({ priceId: TEST_PRICE_ID, quantity: 2 }),
      ]),
    );
    expect((await deliverWithStripeKey(checkoutCompleted(session({ email })), stripe.fetchImpl)).status).toBe(200);
    expect((await snapshotOf(email)).licenses[0]!.seats).toBe(6);
  });

  it("a session without our price is ignored, whatever its metadata says", async () => {
    const email = uniqueEmail("other-price");
    const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: "price_cheap_lookalike", quantity: 5, unitAmount: 100 })]));
    const res = await deliverWithStripeKey(checkoutCompleted(session({ email, quantity: 5 })), stripe.fetchImpl);
    expect(res.body).toMatchObject({ received: true, ignored: true, reason: `the line items do not hold the price ${TEST_PRICE_ID}`, recorded: true });
    await expectNothingGranted(email);
    expect(await ignoredEvents(email)).toHaveLength(1);
  });

  it("a quantity of our price over 50 is ignored", async () => {
    const email = uniqueEmail("too-many");
    const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 51 })]));
    const res = await deliverWithStripeKey(checkoutCompleted(session({ email })), stripe.fetchImpl);
    expect(res.body).toMatchObject({ ignored: true, reason: "line item quantity 51 is not from 1 to 50" });
    await expectNothingGranted(email);
  });

  const modes: [string, boolean, string, string][] = [
    ["a live-mode session with a test key", true, "sk_test_suite_fake", "a live-mode session, and a test-mode key"],
    ["a test-mode session with a live key", false, "sk_live_suite_fake", "a test-mode session, and a live-mode key"],
  ];
  for (const [name, livemode, key, reason] of modes) {
    it(`${name} is ignored without asking Stripe anything`, async () => {
      const email = uniqueEmail("mode");
      const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 1 })]));
      const res = await deliverWithStripeKey(checkoutCompleted({ ...session({ email }), livemode }), stripe.fetchImpl, { ...TEST_KEY, STRIPE_SECRET_KEY: key });
      expect(res.body).toMatchObject({ ignored: true, reason });
      expect(stripe.calls).toHaveLength(0);
      await expectNothingGranted(email);
    });
  }

  it("no metadata.product is ignored without asking Stripe (a dashboard payment with our price)", async () => {
    const email = uniqueEmail("no-product");
    const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 1 })]));
    const res = await deliverWithStripeKey(checkoutCompleted({ ...session({ email }), metadata: {} }), stripe.fetchImpl);
    expect(res.body).toMatchObject({ ignored: true, reason: "no product in the session's metadata" });
    expect(stripe.calls).toHaveLength(0);
    await expectNothingGranted(email);
  });

  it("Stripe failing to list the line items: 503 so Stripe retries, nothing applied; the retry applies", async () => {
    const email = uniqueEmail("stripe-down");
    const evt = checkoutCompleted(session({ email }));
    const down = fakeStripeApi(() => Response.json({ error: { type: "api_error", message: "boom" } }, { status: 500 }));
    const failed = await deliverWithStripeKey(evt, down.fetchImpl);
    expect([failed.status, failed.body.error.code]).toEqual([503, "UNAVAILABLE"]);
    expect(down.calls.length).toBeGreaterThanOrEqual(1);
    await expectNothingGranted(email);
    expect(await eventsOf(email)).toEqual([]);

    const up = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 1 })]));
    const retried = await deliverWithStripeKey(evt, up.fetchImpl);
    expect(retried.body).toMatchObject({ applied: true });
    expect((await snapshotOf(email)).licenses[0]!.seats).toBe(2);
  });

  it("a key without STRIPE_PRICE_ID to check against is a 503 (a deployment mistake Stripe's retries outlast), nothing applied", async () => {
    const email = uniqueEmail("no-price");
    const stripe = fakeStripeApi(lineItemsList([lineItem({ priceId: TEST_PRICE_ID, quantity: 1 })]));
    const res = await deliverWithStripeKey(checkoutCompleted(session({ email })), stripe.fetchImpl, {
      STRIPE_SECRET_KEY: "sk_test_suite_fake",
      STRIPE_PRICE_ID: "",
    });
    expect([res.status, res.body.error.code]).toEqual([503, "UNAVAILABLE"]);
    await expectNothingGranted(email);
  });
});
