/**
 * What Stripe's events do to an account, decided synchronously inside the object's
 * transaction (see account-object.ts). Each event id takes effect once; the rules in
 * purchase-rules.ts make the result independent of delivery order.
 */
import { productById } from "../src/core/catalog";
import type { PurchaseRow } from "../src/core/db-schema";
import { newId } from "../src/core/ids";
import type { AccountStore } from "./account-store";
import type { Change } from "./change";
import { elsewhere, emailService } from "./email-routes";
import { nextDisputeState, purchaseStatus, seatsFor, shouldWithdraw, statusAfterPurchase } from "./purchase-rules";
import { changeLicense, releaseSeats, withdrawSeats, withholdSeats } from "./purchase-seats";
import { purchaseView } from "../src/core/views";
import type { ApplyStripeInput, ApplyStripeResult, StripeEffect } from "./types";

export function applyStripe(store: AccountStore, input: ApplyStripeInput, nowMs: number): ApplyStripeResult {
  const { effect } = input;
  if (store.stripeEventSeen(effect.eventId)) return { ok: true, duplicate: true, ...outcome(store, findPurchase(store, effect)) };
  // A checkout routed by its email reaches only the account that has the email now.
  if (input.routedByEmail !== undefined && effect.kind !== "refund" && effect.kind !== "dispute") {
    const notHere = elsewhere(emailService(store, input.routedByEmail));
    if (notHere) return notHere;
  }

  if (effect.kind === "checkout_ignored") return recordIgnored(store, input, effect, nowMs);
  if (effect.kind === "checkout" || effect.kind === "checkout_failed") {
    const account = store.account();
    if (account && account.id !== input.accountId) return { ok: false, code: "ACCOUNT_EMAIL_MISMATCH" };
    if (!account && !effect.email) return { ok: false, code: "MISSING_EMAIL" };
  } else if (!findPurchase(store, effect)) {
    // Routed here by the payment index, so the purchase should exist; let Stripe retry.
    return { ok: false, code: "PURCHASE_NOT_FOUND" };
  }

  const change = store.change(nowMs, { actor: { type: "stripe", id: effect.eventId }, requestId: input.requestId }, input.accountId);
  store.recordStripeEvent(effect.eventId, effect.eventType, change.at);
  let purchase: PurchaseRow;
  switch (effect.kind) {
    case "checkout":
    case "checkout_failed":
      purchase = applyCheckout(store, change, input, effect);
      break;
    case "refund":
      purchase = applyRefund(store, change, findPurchase(store, effect)!, effect);
      break;
    case "dispute":
      purchase = applyDispute(store, change, findPurchase(store, effect)!, effect);
      break;
  }
  return { ok: true, duplicate: false, ...outcome(store, purchase) };
}

/**
 * A signed session that is not a purchase of ours: the event id is recorded (it applies
 * once) and audited with the reason, so support can find who paid for what. No account,
 * purchase or seats are created for it.
 */
function recordIgnored(
  store: AccountStore,
  input: ApplyStripeInput,
  effect: Extract<StripeEffect, { kind: "checkout_ignored" }>,
  nowMs: number,
): ApplyStripeResult {
  const account = store.account();
  if (account && account.id !== input.accountId) return { ok: false, code: "ACCOUNT_EMAIL_MISMATCH" };
  const change = store.change(nowMs, { actor: { type: "stripe", id: effect.eventId }, requestId: input.requestId }, input.accountId);
  store.recordStripeEvent(effect.eventId, effect.eventType, change.at);
  change.audit(
    "purchase.ignored",
    { type: "checkout_session", id: effect.sessionId },
    {
      reason: effect.reason,
      event_type: effect.eventType,
      payment_intent_id: effect.paymentIntentId,
      amount: effect.amount,
      currency: effect.currency,
      email: effect.email,
    },
  );
  return { ok: true, duplicate: false, purchase: null, license: null, mail: null };
}

function findPurchase(store: AccountStore, effect: StripeEffect): PurchaseRow | null {
  if (effect.kind === "checkout" || effect.kind === "checkout_failed" || effect.kind === "checkout_ignored") return store.purchaseBySession(effect.sessionId);
  return store.purchaseByPaymentIntent(effect.paymentIntentId);
}

function applyCheckout(
  store: AccountStore,
  change: Change,
  input: ApplyStripeInput,
  effect: Extract<StripeEffect, { kind: "checkout" | "checkout_failed" }>,
): PurchaseRow {
  if (!store.account()) {
    change.putAccount({ id: input.accountId, email: effect.email!, created_at: change.at, updated_at: change.at });
    change.audit("account.created", { type: "account", id: input.accountId }, { email: effect.email });
  }
  const product = productById(effect.productId)!;
  let purchase = store.purchaseBySession(effect.sessionId);
  if (!purchase) {
    purchase = change.putPurchase({
      id: newId("pur"),
      account_id: input.accountId,
      product_id: product.id,
      license_id: null,
      checkout_session_id: effect.sessionId,
      payment_intent_id: effect.paymentIntentId,
      quantity: effect.quantity,
      seats: seatsFor(effect.quantity, product.seatsPerUnit),
      amount: effect.amount,
      currency: effect.currency,
      status: "pending",
      amount_refunded: 0,
      created_at: change.at,
      updated_at: change.at,
    });
    if (effect.kind === "checkout" && !effect.paid) {
      change.audit("purchase.pending", { type: "purchase", id: purchase.id }, { checkout_session_id: effect.sessionId, quantity: effect.quantity });
    }
  }

  if (effect.kind === "checkout_failed") {
    if (purchase.status === "pending") purchase = change.putPurchase({ ...purchase, status: "failed", updated_at: change.at });
    change.audit("purchase.failed", { type: "purchase", id: purchase.id }, { checkout_session_id: effect.sessionId });
    return purchase;
  }
  // A payment is provisioned once, by whichever event reports it first.
  if (!effect.paid || purchase.status !== "pending") return purchase;

  let license = store.licenseForProduct(product.id);
  if (!license) {
    license = change.createLicense(
      { accountId: input.accountId, productId: product.id, seats: purchase.seats, key: input.newLicense },
      { purchase_id: purchase.id },
    );
  } else {
    const from = license.seats;
    license = changeLicense(change, license, { seats: from + purchase.seats, status: statusAfterPurchase(license.status, from) }, { purchase_id: purchase.id });
  }
  // A dispute that arrived before the payment (delivery order is Stripe's) holds the new seats at once.
  const disputed = store.openDisputes(purchase.id) > 0;
  purchase = change.putPurchase({
    ...purchase,
    license_id: license.id,
    payment_intent_id: purchase.payment_intent_id ?? effect.paymentIntentId,
    status: disputed ? "disputed" : "paid",
    updated_at: change.at,
  });
  change.audit(
    "purchase.completed",
    { type: "purchase", id: purchase.id },
    {
      checkout_session_id: effect.sessionId,
      quantity: purchase.quantity,
      seats: purchase.seats,
      amount: purchase.amount,
      currency: purchase.currency,
    },
  );
  if (disputed) withholdSeats(store, change, purchase, {});
  store.queueMail(purchase.id, effect.email ?? store.account()!.email);
  return purchase;
}

function applyRefund(store: AccountStore, change: Change, purchase: PurchaseRow, effect: Extract<StripeEffect, { kind: "refund" }>): PurchaseRow {
  const amountRefunded = Math.max(purchase.amount_refunded, effect.amountRefunded);
  const withdraw = shouldWithdraw(purchase, { fullRefund: effect.fullyRefunded, disputeLost: false });
  const withdrawn = withdraw ? withdrawSeats(store, change, purchase, "refund") : 0;
  const status = withdraw || (effect.fullyRefunded && purchase.status === "pending") ? "refunded" : purchase.status;
  const updated = change.putPurchase({ ...purchase, amount_refunded: amountRefunded, status, updated_at: change.at });
  change.audit(
    "purchase.refunded",
    { type: "purchase", id: purchase.id },
    {
      charge_id: effect.chargeId,
      amount_refunded: amountRefunded,
      full: effect.fullyRefunded,
      seats_withdrawn: withdrawn,
    },
  );
  return updated;
}

/**
 * Open withholds the purchase's seats (if they were granted); won gives them back once
 * no dispute of the purchase is open; lost is a full refund of the purchase — also of
 * one not paid yet, which then never grants.
 */
function applyDispute(store: AccountStore, change: Change, purchase: PurchaseRow, effect: Extract<StripeEffect, { kind: "dispute" }>): PurchaseRow {
  const current = store.disputeState(effect.disputeId);
  const next = nextDisputeState(current, effect.state);
  if (next === current) return purchase;
  store.putDispute(effect.disputeId, purchase.id, next, change.at);

  const granted = purchase.status === "paid" || purchase.status === "disputed";
  const data = { dispute_id: effect.disputeId };
  let audit: [string, Record<string, unknown>];
  if (next === "open") {
    audit = ["purchase.disputed", { ...data, seats_withheld: granted ? withholdSeats(store, change, purchase, data) : 0 }];
  } else if (next === "won") {
    const last = store.openDisputes(purchase.id) === 0;
    audit = ["purchase.dispute_won", { ...data, seats_returned: last ? releaseSeats(store, change, purchase, data) : 0 }];
  } else {
    audit = ["purchase.dispute_lost", { ...data, seats_withdrawn: granted ? withdrawSeats(store, change, purchase, "dispute_lost", data) : 0 }];
  }
  const status = purchaseStatus({
    paid: purchase.status !== "pending" && purchase.status !== "failed",
    failed: purchase.status === "failed",
    withdrawn: purchase.status === "refunded" || (next === "lost" && (granted || purchase.status === "pending")),
    openDispute: store.openDisputes(purchase.id) > 0,
  });
  const updated = change.putPurchase({ ...purchase, status, updated_at: change.at });
  change.audit(audit[0], { type: "purchase", id: purchase.id }, audit[1]);
  return updated;
}

function outcome(store: AccountStore, purchase: PurchaseRow | null): Omit<Extract<ApplyStripeResult, { ok: true }>, "ok" | "duplicate"> {
  const license = purchase?.license_id ? store.licenseById(purchase.license_id) : null;
  const to = purchase && purchase.status !== "pending" ? store.pendingMail(purchase.id) : null;
  return {
    purchase: purchase ? purchaseView(purchase) : null,
    license: license ? store.licenseView(license) : null,
    mail:
      purchase && license && to
        ? {
            purchaseId: purchase.id,
            to,
            licenseId: license.id,
            productId: license.product_id,
            keyCiphertext: license.key_ciphertext,
            seats: purchase.seats,
            quantity: purchase.quantity,
          }
        : null,
  };
}
