/**
 * Asks Stripe what a Checkout Session actually sold, then judges it (checkout-rules.ts).
 * The event's own payload is not enough: line items are not in it, and metadata is
 * whatever the session's creator wrote. A Stripe failure here is a 503, so Stripe
 * retries the event and nothing is applied in between.
 */
import type Stripe from "stripe";
import type { Env } from "../core/env";
import { log } from "../core/log";
import { ApiError } from "../errors/api-error";
import { ignoredBeforeLineItems, judgeCheckout, keyLivemode, type CheckoutConfig, type CheckoutVerdict, type LineItemFact } from "./checkout-rules";
import { stripeClient } from "./client";

/** Stripe waits for the webhook's answer; keep well inside its timeout. */
const LINE_ITEMS_TIMEOUT_MS = 8_000;
/** A session of ours has one line item; more pages than this are not ours either. */
const MAX_LINE_ITEMS = 500;

export async function verifyCheckout(
  env: Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_PRICE_ID">,
  session: Stripe.Checkout.Session,
  fetchImpl: typeof fetch = fetch,
): Promise<CheckoutVerdict> {
  const config = checkoutConfig(env);
  // No API call for what is ignored anyway (and none at all without a key).
  if (config.stripeKey === null || ignoredBeforeLineItems(session, config) !== null) return judgeCheckout(session, config, null);
  return judgeCheckout(session, config, await listLineItems(config.stripeKey, session.id, fetchImpl));
}

/**
 * A key whose mode cannot be told, or a key without the price to check against, is a
 * deployment mistake: answering 503 makes Stripe keep the events (it retries for three
 * days) instead of ignoring real purchases until someone notices.
 */
function checkoutConfig(env: Pick<Env, "STRIPE_SECRET_KEY" | "STRIPE_PRICE_ID">): CheckoutConfig {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) return { stripeKey: null };
  const problem = keyLivemode(key) === null ? "STRIPE_SECRET_KEY is neither a live nor a test key" : !env.STRIPE_PRICE_ID ? "STRIPE_PRICE_ID is not set" : null;
  if (problem) {
    log.error("stripe_checkout_misconfigured", { message: problem });
    throw new ApiError("UNAVAILABLE", { message: "Checkout verification is not configured; retry later." });
  }
  return { stripeKey: key, priceId: env.STRIPE_PRICE_ID! };
}

async function listLineItems(secretKey: string, sessionId: string, fetchImpl: typeof fetch): Promise<LineItemFact[]> {
  const stripe = stripeClient(secretKey, fetchImpl, { timeoutMs: LINE_ITEMS_TIMEOUT_MS, retries: 1 });
  try {
    const items = await stripe.checkout.sessions.listLineItems(sessionId, { limit: 100 }).autoPagingToArray({ limit: MAX_LINE_ITEMS });
    return items.map((item) => ({ price: item.price?.id ?? null, quantity: item.quantity ?? null }));
  } catch (err) {
    log.error("stripe_line_items_failed", { checkout_session_id: sessionId, error: err });
    throw new ApiError("UNAVAILABLE", { message: "The payment provider is unavailable; retry later.", cause: err });
  }
}
