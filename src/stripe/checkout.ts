/**
 * Starting a purchase. With STRIPE_SECRET_KEY and STRIPE_PRICE_ID set: a real Stripe
 * Checkout Session (one-time payment) through the stripe library over fetch. Without
 * them, in development: a local dev checkout whose confirmation sends a correctly
 * signed checkout.session.completed to our own webhook, as Stripe would.
 */
import { DEFAULT_PRODUCT } from "../core/catalog";
import type { Env } from "../core/env";
import type { LocationHint } from "../core/location-hint";
import { isDevelopment } from "../core/env";
import { log } from "../core/log";
import { ApiError } from "../errors/api-error";
import { randomBase32 } from "../core/crypto/encoding";
import { stripeClient } from "./client";

export interface CheckoutOrder {
  email: string | null;
  quantity: number;
  /** The signed-in buyer's account, sent as client_reference_id. */
  accountId: string | null;
  /** Where the buyer is: the account object is created there (core/location-hint.ts). */
  locationHint?: LocationHint | undefined;
}

export interface StartedCheckout {
  id: string;
  url: string;
}

export function stripeConfigured(env: Env): boolean {
  return Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_PRICE_ID);
}

export async function startCheckout(env: Env, order: CheckoutOrder, fetchImpl: typeof fetch = fetch): Promise<StartedCheckout> {
  if (stripeConfigured(env)) return createStripeSession(env, order, fetchImpl);
  if (isDevelopment(env)) return createDevCheckout(env, order);
  throw new ApiError("UNAVAILABLE", { message: "Checkout is not configured." });
}

export async function createStripeSession(env: Env, order: CheckoutOrder, fetchImpl: typeof fetch): Promise<StartedCheckout> {
  const stripe = stripeClient(env.STRIPE_SECRET_KEY!, fetchImpl, { timeoutMs: 15_000, retries: 2 });
  const metadata = { product: DEFAULT_PRODUCT, quantity: String(order.quantity), ...(order.locationHint ? { location_hint: order.locationHint } : {}) };
  // A signed-in buyer returns to the portal (and sees the seats arrive live).
  const success = order.accountId ? `${env.PORTAL_ORIGIN}/thanks/` : `${env.SITE_ORIGIN}/thanks/`;
  const cancel = order.accountId ? `${env.PORTAL_ORIGIN}/` : `${env.SITE_ORIGIN}/pricing/`;
  try {
    const session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [{ price: env.STRIPE_PRICE_ID!, quantity: order.quantity }],
      ...(order.email ? { customer_email: order.email } : {}),
      ...(order.accountId ? { client_reference_id: order.accountId } : {}),
      metadata,
      payment_intent_data: { metadata },
      success_url: `${success}?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: cancel,
    });
    if (!session.url) throw new Error("Stripe returned a session without a url");
    return { id: session.id, url: session.url };
  } catch (err) {
    log.error("stripe_checkout_failed", { error: err });
    throw new ApiError("UNAVAILABLE", { message: "The payment provider is unavailable. Try again in a moment.", cause: err });
  }
}

// ---- Dev checkout: orders wait in KV until the person confirms them. ----

export interface DevOrder extends CheckoutOrder {
  id: string;
  created_at: string;
}

const ORDER_TTL_SECONDS = 24 * 3600;
const orderKey = (id: string) => `dev-checkout:${id}`;

async function createDevCheckout(env: Env, order: CheckoutOrder): Promise<StartedCheckout> {
  const id = `cs_test_dev_${randomBase32(24).toLowerCase()}`;
  const stored: DevOrder = { id, ...order, created_at: new Date().toISOString() };
  await env.KV.put(orderKey(id), JSON.stringify(stored), { expirationTtl: ORDER_TTL_SECONDS });
  return { id, url: `${env.PUBLIC_API_ORIGIN}/dev/checkout/${id}` };
}

export async function loadDevOrder(env: Env, id: string): Promise<DevOrder | null> {
  if (!/^cs_test_dev_[0-9a-z]{24}$/.test(id)) return null;
  const text = await env.KV.get(orderKey(id));
  return text ? (JSON.parse(text) as DevOrder) : null;
}
