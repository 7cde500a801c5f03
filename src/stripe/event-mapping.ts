/**
 * Pure: what a verified Stripe event means for us (API.md, "Checkout and Stripe").
 * Anything we do not act on is `ignored` with a reason, and answered 200.
 */
import type Stripe from "stripe";
import type { StripeEffect } from "../../durable-objects/types";
import { DEFAULT_PRODUCT, productById } from "../catalog";

export type MappedEvent =
  | { effect: StripeEffect; /** client_reference_id of a checkout: the signed-in buyer's account. */ accountRef: string | null }
  | { ignored: string };

export const MAX_QUANTITY = 1000;

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === "string" ? value : value?.id ?? null;

/** Units bought: our metadata.quantity first, then the line items (when expanded), else 1. */
export function quantityOf(session: Stripe.Checkout.Session): number {
  const fromMetadata = Number(session.metadata?.quantity);
  if (Number.isInteger(fromMetadata) && fromMetadata >= 1 && fromMetadata <= MAX_QUANTITY) return fromMetadata;
  const fromItems = session.line_items?.data.reduce((n, item) => n + (item.quantity ?? 0), 0) ?? 0;
  return fromItems >= 1 && fromItems <= MAX_QUANTITY ? fromItems : 1;
}

function checkoutEffect(event: Stripe.Event, session: Stripe.Checkout.Session, kind: "checkout" | "checkout_failed", paid: boolean): MappedEvent {
  if (session.mode !== "payment") return { ignored: `checkout mode ${session.mode}` };
  const productId = session.metadata?.product ?? DEFAULT_PRODUCT;
  if (!productById(productId)) return { ignored: `unknown product ${productId}` };
  const common = {
    eventId: event.id,
    eventType: event.type,
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    email: session.customer_details?.email ?? session.customer_email ?? null,
    quantity: quantityOf(session),
    amount: session.amount_total ?? 0,
    currency: session.currency ?? "usd",
    productId,
  };
  const effect: StripeEffect = kind === "checkout" ? { kind, ...common, paid } : { kind, ...common };
  return { effect, accountRef: session.client_reference_id };
}

export function mapStripeEvent(event: Stripe.Event): MappedEvent {
  switch (event.type) {
    case "checkout.session.completed": {
      const session = event.data.object;
      const paid = session.payment_status === "paid" || session.payment_status === "no_payment_required";
      return checkoutEffect(event, session, "checkout", paid);
    }
    case "checkout.session.async_payment_succeeded":
      return checkoutEffect(event, event.data.object, "checkout", true);
    case "checkout.session.async_payment_failed":
      return checkoutEffect(event, event.data.object, "checkout_failed", false);
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
