/**
 * Pure: what a verified Stripe event means for us (API.md, "Checkout and Stripe").
 * Checkout events carry the verdict on their session (checkout-verification.ts): a
 * session that is not a purchase of ours becomes a `checkout_ignored` effect, recorded
 * and audited but granting nothing. Event types we do not act on are `ignored` with a
 * reason, and answered 200.
 */
import type Stripe from "stripe";
import { parseLocationHint, type LocationHint } from "../core/location-hint";
import type { StripeEffect } from "../core/stripe-effect";
import type { CheckoutVerdict } from "./checkout-rules";

export type MappedEvent =
  | {
      effect: StripeEffect;
      /** client_reference_id of a checkout: the signed-in buyer's account. */
      accountRef: string | null;
      /** Where the buyer was (checkout metadata): where a new account object is created. */
      locationHint?: LocationHint | undefined;
    }
  | { ignored: string };

const idOf = (value: string | { id: string } | null | undefined): string | null => (typeof value === "string" ? value : (value?.id ?? null));

/** The Checkout Session of a checkout event (whose verdict mapStripeEvent needs), else null. */
export function checkoutSessionOf(event: Stripe.Event): Stripe.Checkout.Session | null {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
      return event.data.object;
    default:
      return null;
  }
}

function checkoutEffect(
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  verdict: CheckoutVerdict,
  kind: "checkout" | "checkout_failed",
  paid: boolean,
): MappedEvent {
  const common = {
    eventId: event.id,
    eventType: event.type,
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    email: session.customer_details?.email ?? session.customer_email ?? null,
    amount: session.amount_total ?? 0,
    currency: session.currency ?? "usd",
  };
  const accountRef = session.client_reference_id;
  if (!verdict.ok) return { effect: { kind: "checkout_ignored", ...common, reason: verdict.reason }, accountRef };
  const bought = { ...common, quantity: verdict.quantity, productId: verdict.productId };
  const effect: StripeEffect = kind === "checkout" ? { kind, ...bought, paid } : { kind, ...bought };
  return { effect, accountRef, locationHint: parseLocationHint(session.metadata?.location_hint) };
}

/** `verdict` is required for checkout events (see checkoutSessionOf) and unused otherwise. */
export function mapStripeEvent(event: Stripe.Event, verdict: CheckoutVerdict | null = null): MappedEvent {
  const session = checkoutSessionOf(event);
  if (session && !verdict) throw new Error("a checkout event needs the verdict on its session");
  switch (event.type) {
    case "checkout.session.completed":
      // Only "paid" is paid: "no_payment_required" never reaches here as a purchase (the verdict ignores it).
      return checkoutEffect(event, event.data.object, verdict!, "checkout", event.data.object.payment_status === "paid");
    case "checkout.session.async_payment_succeeded":
      return checkoutEffect(event, event.data.object, verdict!, "checkout", true);
    case "checkout.session.async_payment_failed":
      return checkoutEffect(event, event.data.object, verdict!, "checkout_failed", false);
    case "charge.refunded": {
      const charge = event.data.object;
      const paymentIntentId = idOf(charge.payment_intent);
      if (!paymentIntentId) return { ignored: "charge without a payment intent" };
      return {
        effect: {
          kind: "refund",
          eventId: event.id,
          eventType: event.type,
          paymentIntentId,
          chargeId: charge.id,
          // Cumulative, so several partial refunds in any order end the same.
          amountRefunded: charge.amount_refunded,
          fullyRefunded: charge.refunded || charge.amount_refunded >= charge.amount,
        },
        accountRef: null,
      };
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = event.data.object;
      const paymentIntentId = idOf(dispute.payment_intent);
      if (!paymentIntentId) return { ignored: "dispute without a payment intent" };
      const state = event.type === "charge.dispute.created" ? "open" : dispute.status === "lost" ? "lost" : "won";
      return {
        effect: { kind: "dispute", eventId: event.id, eventType: event.type, paymentIntentId, disputeId: dispute.id, state },
        accountRef: null,
      };
    }
    default:
      return { ignored: `event type ${event.type}` };
  }
}
