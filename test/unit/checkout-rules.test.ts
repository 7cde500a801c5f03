import { describe, expect, it } from "vitest";
import { judgeCheckout, keyLivemode, type CheckoutConfig, type SessionFacts } from "../../src/stripe/checkout-rules";

const ours = (overrides: Partial<SessionFacts> = {}): SessionFacts => ({
  mode: "payment",
  payment_status: "paid",
  metadata: { product: "chartgpt", quantity: "2" },
  livemode: false,
  ...overrides,
});
const noKey: CheckoutConfig = { stripeKey: null };
const testKey: CheckoutConfig = { stripeKey: "sk_test_abc", priceId: "price_unit" };
const liveKey: CheckoutConfig = { stripeKey: "sk_live_abc", priceId: "price_unit" };
const items = (...list: [string | null, number | null][]) => list.map(([price, quantity]) => ({ price, quantity }));

describe("keyLivemode", () => {
  it("reads the mode from secret and restricted keys, and nothing else", () => {
    expect([keyLivemode("sk_live_x"), keyLivemode("rk_live_x"), keyLivemode("sk_test_x"), keyLivemode("rk_test_x")]).toEqual([true, true, false, false]);
    expect([keyLivemode("pk_live_x"), keyLivemode("sk_x"), keyLivemode("")]).toEqual([null, null, null]);
  });
});

describe("judgeCheckout without a Stripe key (dev checkout)", () => {
  it("grants metadata.quantity units of metadata.product", () => {
    expect(judgeCheckout(ours(), noKey, null)).toEqual({ ok: true, productId: "chartgpt", quantity: 2 });
    expect(judgeCheckout(ours({ metadata: { product: "chartgpt", quantity: "50" } }), noKey, null)).toMatchObject({ ok: true, quantity: 50 });
  });

  it("never defaults the product or the quantity", () => {
    expect(judgeCheckout(ours({ metadata: {} }), noKey, null)).toEqual({ ok: false, reason: "no product in the session's metadata" });
    expect(judgeCheckout(ours({ metadata: { product: "chartgpt" } }), noKey, null)).toMatchObject({ ok: false });
  });

  it.each(["0", "51", "1.5", "-1", "2e1", " 2", "abc", "0x2", "1000"])("refuses metadata.quantity %j", (quantity) => {
    expect(judgeCheckout(ours({ metadata: { product: "chartgpt", quantity } }), noKey, null)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("metadata.quantity"),
    });
  });

  it("refuses a live-mode session: only a key can check one", () => {
    expect(judgeCheckout(ours({ livemode: true }), noKey, null)).toMatchObject({ ok: false });
  });
});

describe("judgeCheckout with a Stripe key", () => {
  it("counts the line items of the configured price; metadata.quantity does not count", () => {
    expect(judgeCheckout(ours(), testKey, items(["price_unit", 3]))).toEqual({ ok: true, productId: "chartgpt", quantity: 3 });
    expect(judgeCheckout(ours(), testKey, items(["price_unit", 1], ["price_other", 7], ["price_unit", 4]))).toMatchObject({ ok: true, quantity: 5 });
  });

  it("refuses line items without the price, an empty list, or a quantity out of 1–50", () => {
    expect(judgeCheckout(ours(), testKey, items(["price_other", 1]))).toEqual({ ok: false, reason: "the line items do not hold the price price_unit" });
    expect(judgeCheckout(ours(), testKey, [])).toMatchObject({ ok: false });
    expect(judgeCheckout(ours(), testKey, items([null, 1]))).toMatchObject({ ok: false });
    expect(judgeCheckout(ours(), testKey, items(["price_unit", 51]))).toMatchObject({ ok: false });
    expect(judgeCheckout(ours(), testKey, items(["price_unit", null]))).toMatchObject({ ok: false });
  });

  it("requires livemode to match the key", () => {
    expect(judgeCheckout(ours({ livemode: true }), testKey, items(["price_unit", 1]))).toMatchObject({ ok: false });
    expect(judgeCheckout(ours({ livemode: false }), liveKey, items(["price_unit", 1]))).toMatchObject({ ok: false });
    expect(judgeCheckout(ours({ livemode: true }), liveKey, items(["price_unit", 1]))).toMatchObject({ ok: true });
  });

  it("still needs a catalog product in the metadata", () => {
    expect(judgeCheckout(ours({ metadata: null as never }), testKey, items(["price_unit", 1]))).toMatchObject({ ok: false });
    expect(judgeCheckout(ours({ metadata: { product: "nope" } }), testKey, items(["price_unit", 1]))).toEqual({ ok: false, reason: "unknown product nope" });
  });
});

describe("judgeCheckout, either way", () => {
  it("nothing paid is never a purchase (a 100 %-off coupon)", () => {
    expect(judgeCheckout(ours({ payment_status: "no_payment_required" }), noKey, null)).toEqual({ ok: false, reason: "no payment required" });
    expect(judgeCheckout(ours({ payment_status: "no_payment_required" }), testKey, items(["price_unit", 1]))).toEqual({
      ok: false,
      reason: "no payment required",
    });
  });

  it("only one-time payments", () => {
    expect(judgeCheckout(ours({ mode: "subscription" }), noKey, null)).toEqual({ ok: false, reason: "checkout mode subscription" });
  });

  it("an unpaid session that is ours may still become a purchase (async payment)", () => {
    expect(judgeCheckout(ours({ payment_status: "unpaid" }), noKey, null)).toMatchObject({ ok: true });
  });
});
