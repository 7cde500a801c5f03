import { describe, expect, it } from "vitest";
import {
  nextDisputeState,
  purchaseStatus,
  seatsToTake,
  shouldWithdraw,
  statusAfterPurchase,
  statusAfterRelease,
  statusAfterWithdraw,
  statusAfterWithhold,
} from "../../durable-objects/purchase-rules";
import { mapStripeEvent } from "../../src/stripe/event-mapping";
import { asyncSucceeded, charge, chargeRefunded, checkoutCompleted, dispute, disputeClosed, disputeCreated, session } from "../fixtures/stripe-events";

describe("mapStripeEvent", () => {
  const bought = { ok: true as const, productId: "chartgpt", quantity: 3 };

  it("maps a paid checkout to a provisioning effect with the verdict's quantity and its account reference", () => {
    const s = session({ email: "A@Example.com", quantity: 1, clientReferenceId: "acct_0123456789ab" });
    const mapped = mapStripeEvent(checkoutCompleted(s), bought);
    expect(mapped).toEqual({
      accountRef: "acct_0123456789ab",
      effect: expect.objectContaining({
        kind: "checkout",
        paid: true,
        quantity: 3,
        email: "A@Example.com",
        sessionId: s.id,
        paymentIntentId: s.payment_intent,
        amount: 14_900,
        currency: "usd",
        productId: "chartgpt",
      }),
    });
  });

  it("only payment_status paid is paid", () => {
    expect(mapStripeEvent(checkoutCompleted(session({ email: "a@b.co", paymentStatus: "unpaid" })), bought)).toMatchObject({
      effect: { kind: "checkout", paid: false },
    });
    expect(mapStripeEvent(checkoutCompleted(session({ email: "a@b.co", paymentStatus: "no_payment_required" })), bought)).toMatchObject({
      effect: { kind: "checkout", paid: false },
    });
    expect(mapStripeEvent(asyncSucceeded(session({ email: "a@b.co", paymentStatus: "unpaid" })), bought)).toMatchObject({
      effect: { kind: "checkout", paid: true },
    });
  });

  it("turns a session judged not ours into checkout_ignored with the reason", () => {
    const s = session({ email: "a@b.co" });
    expect(mapStripeEvent(checkoutCompleted(s), { ok: false, reason: "unknown product x" })).toEqual({
      accountRef: null,
      effect: expect.objectContaining({
        kind: "checkout_ignored",
        reason: "unknown product x",
        sessionId: s.id,
        email: "a@b.co",
        paymentIntentId: s.payment_intent,
      }),
    });
  });

  it("refuses to map a checkout event without a verdict (a programming error, never a guess)", () => {
    expect(() => mapStripeEvent(checkoutCompleted(session({ email: "a@b.co" })))).toThrow();
  });

  it("ignores event types it does not handle", () => {
    expect(mapStripeEvent({ ...checkoutCompleted(session({ email: "a@b.co" })), type: "invoice.paid" } as never)).toEqual({
      ignored: "event type invoice.paid",
    });
  });

  it("maps refunds with the cumulative refunded amount and whether it is full", () => {
    const partial = mapStripeEvent(chargeRefunded(charge({ paymentIntentId: "pi_1", amount: 1000, amountRefunded: 400 })));
    expect(partial).toMatchObject({ effect: { kind: "refund", paymentIntentId: "pi_1", amountRefunded: 400, fullyRefunded: false } });
    const full = mapStripeEvent(chargeRefunded(charge({ paymentIntentId: "pi_1", amount: 1000, amountRefunded: 1000 })));
    expect(full).toMatchObject({ effect: { fullyRefunded: true } });
  });

  it("maps disputes: created is open; closed is lost only when lost", () => {
    const d = dispute({ paymentIntentId: "pi_2", amount: 1000, status: "needs_response" });
    expect(mapStripeEvent(disputeCreated(d))).toMatchObject({ effect: { kind: "dispute", state: "open", disputeId: d.id } });
    expect(mapStripeEvent(disputeClosed({ ...d, status: "lost" }))).toMatchObject({ effect: { state: "lost" } });
    expect(mapStripeEvent(disputeClosed({ ...d, status: "won" }))).toMatchObject({ effect: { state: "won" } });
    expect(mapStripeEvent(disputeClosed({ ...d, status: "warning_closed" }))).toMatchObject({ effect: { state: "won" } });
  });
});

describe("purchase rules", () => {
  it("a closed dispute is final", () => {
    expect(nextDisputeState(null, "open")).toBe("open");
    expect(nextDisputeState("open", "won")).toBe("won");
    expect(nextDisputeState("won", "open")).toBe("won");
    expect(nextDisputeState("lost", "open")).toBe("lost");
  });

  it("status follows the facts", () => {
    expect(purchaseStatus({ paid: false, failed: false, withdrawn: false, openDispute: false })).toBe("pending");
    expect(purchaseStatus({ paid: false, failed: true, withdrawn: false, openDispute: false })).toBe("failed");
    expect(purchaseStatus({ paid: true, failed: false, withdrawn: false, openDispute: true })).toBe("disputed");
    expect(purchaseStatus({ paid: true, failed: false, withdrawn: true, openDispute: true })).toBe("refunded");
  });

  it("withdraws seats only once, and only seats that were granted", () => {
    expect(shouldWithdraw({ status: "paid" }, { fullRefund: true, disputeLost: false })).toBe(true);
    expect(shouldWithdraw({ status: "disputed" }, { fullRefund: false, disputeLost: true })).toBe(true);
    expect(shouldWithdraw({ status: "refunded" }, { fullRefund: true, disputeLost: false })).toBe(false);
    expect(shouldWithdraw({ status: "pending" }, { fullRefund: true, disputeLost: false })).toBe(false);
    expect(shouldWithdraw({ status: "paid" }, { fullRefund: false, disputeLost: false })).toBe(false);
  });

  it("a purchase takes only its own seats, never more than the license holds", () => {
    expect(seatsToTake(2, 6)).toBe(2);
    expect(seatsToTake(4, 1)).toBe(1);
    expect(seatsToTake(2, 0)).toBe(0);
  });

  it("license status after seats moved: only no seats suspends or revokes; a support revoke holds", () => {
    // A dispute withheld seats.
    expect(statusAfterWithhold("active", 2)).toBe("active");
    expect(statusAfterWithhold("active", 0)).toBe("suspended");
    expect(statusAfterWithhold("revoked", 0)).toBe("revoked");
    // Its last dispute was won.
    expect(statusAfterRelease("suspended", 2)).toBe("active");
    expect(statusAfterRelease("suspended", 0)).toBe("suspended");
    expect(statusAfterRelease("revoked", 2)).toBe("revoked");
    // Seats withdrawn for good.
    expect(statusAfterWithdraw("active", 2, false)).toBe("active");
    expect(statusAfterWithdraw("active", 0, false)).toBe("revoked");
    expect(statusAfterWithdraw("suspended", 0, false)).toBe("revoked");
    expect(statusAfterWithdraw("active", 0, true)).toBe("suspended");
    expect(statusAfterWithdraw("revoked", 0, true)).toBe("revoked");
    // A new purchase.
    expect(statusAfterPurchase("suspended", 0)).toBe("active");
    expect(statusAfterPurchase("revoked", 0)).toBe("active");
    expect(statusAfterPurchase("revoked", 2)).toBe("revoked");
  });
});
