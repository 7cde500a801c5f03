/**
 * Pure: whether a Checkout Session is a purchase of something we sell, and of how many
 * units (API.md, "Checkout and Stripe"). Stripe signs every session of the account, not
 * only ours: payment links, dashboard invoices, 100 %-off coupons, test-mode sessions.
 * So the session must name a catalog product (our checkout sets metadata.product) and,
 * with a Stripe key configured, its line items — fetched from Stripe, not read from the
 * event — must hold our price; their quantity is the one that counts, and the session's
 * mode (live or test) must be the key's. Without a key only the local dev checkout can
 * have made the session, so its metadata.quantity counts.
 */
import type Stripe from "stripe";
import { MAX_UNITS_PER_CHECKOUT, productById } from "../core/catalog";

export type CheckoutVerdict = { ok: true; productId: string; quantity: number } | { ok: false; reason: string };

export type SessionFacts = Pick<Stripe.Checkout.Session, "mode" | "payment_status" | "metadata" | "livemode">;

/** One line item as Stripe lists it: its price id and quantity. */
export interface LineItemFact {
  price: string | null;
  quantity: number | null;
}

/** How the engine is set up to check sessions: a Stripe key (and our price), or none. */
export type CheckoutConfig = { stripeKey: null } | { stripeKey: string; priceId: string };

/** The mode of a Stripe API key (secret or restricted): true for live, false for test, null if unrecognisable. */
export function keyLivemode(key: string): boolean | null {
  if (/^(sk|rk)_live_/.test(key)) return true;
  if (/^(sk|rk)_test_/.test(key)) return false;
  return null;
}

/**
 * The checks that need nothing from Stripe, cheapest first: a reason to ignore the
 * session, or null if it may be ours. (An unrecognisable key is a configuration error,
 * answered 503 by the caller before this is asked.)
 */
export function ignoredBeforeLineItems(session: SessionFacts, config: CheckoutConfig): string | null {
  if (session.mode !== "payment") return `checkout mode ${session.mode}`;
  // A 100 %-off coupon or a free price: nothing was paid, so nothing is granted.
  if (session.payment_status === "no_payment_required") return "no payment required";
  const product = session.metadata?.product;
  if (!product) return "no product in the session's metadata";
  if (!productById(product)) return `unknown product ${product}`;
  if (config.stripeKey === null) {
    // The dev checkout only ever makes test-mode sessions; a live one needs the key to be checked.
    return session.livemode ? "a live-mode session, and no Stripe key to check it with" : null;
  }
  const live = keyLivemode(config.stripeKey);
  if (session.livemode !== live) return `a ${session.livemode ? "live" : "test"}-mode session, and a ${live ? "live" : "test"}-mode key`;
  return null;
}

function unitsInRange(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_UNITS_PER_CHECKOUT;
}

/**
 * The verdict on a session. `lineItems` are the session's line items as Stripe listed
 * them (required with a Stripe key, ignored without one).
 */
export function judgeCheckout(session: SessionFacts, config: CheckoutConfig, lineItems: readonly LineItemFact[] | null): CheckoutVerdict {
  const early = ignoredBeforeLineItems(session, config);
  if (early) return { ok: false, reason: early };
  const productId = session.metadata!.product!;

  if (config.stripeKey === null) {
    const raw = session.metadata?.quantity ?? "";
    const quantity = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!unitsInRange(quantity))
      return { ok: false, reason: `metadata.quantity ${JSON.stringify(raw)} is not a whole number from 1 to ${MAX_UNITS_PER_CHECKOUT}` };
    return { ok: true, productId, quantity };
  }

  const ours = (lineItems ?? []).filter((item) => item.price === config.priceId);
  if (ours.length === 0) return { ok: false, reason: `the line items do not hold the price ${config.priceId}` };
  const quantity = ours.reduce((n, item) => n + (item.quantity ?? 0), 0);
  if (!unitsInRange(quantity)) return { ok: false, reason: `line item quantity ${quantity} is not from 1 to ${MAX_UNITS_PER_CHECKOUT}` };
  return { ok: true, productId, quantity };
}
