import { readBodyBytes } from "../../http/json-body";
import { defineRoute, type Route } from "../../http/route";
import { WebhookAnswer } from "../../schemas/responses";
import { applyStripeEvent } from "../../stripe/apply-event";
import { verifyCheckout } from "../../stripe/checkout-verification";
import { checkoutSessionOf, mapStripeEvent } from "../../stripe/event-mapping";
import { verifyStripeEvent } from "../../stripe/verify-webhook";

/**
 * Stripe's own payloads can exceed the API's 64 KiB limit (large line-item lists); a
 * purchase must never be refused for its size, so this route allows 512 KiB.
 */
export const WEBHOOK_MAX_BYTES = 512 * 1024;

/**
 * POST /v1/webhooks/stripe: 2xx only once the event's effect is committed.
 * `stripeFetch` carries the calls to Stripe's API (a checkout's line items); tests
 * answer for Stripe through it, as they do for checkout creation.
 */
export function stripeWebhookWith(stripeFetch: typeof fetch): Route {
  return defineRoute({
    method: "POST",
    path: "/v1/webhooks/stripe",
    tag: "Checkout",
    summary: "Stripe webhook",
    description: "Raw Stripe event with `Stripe-Signature`. 2xx only after the effect is committed; each event id applies once, in any order.",
    auth: "stripe",
    responses: { 200: { schema: WebhookAnswer, description: "Received (applied, duplicate, parked or ignored)." } },
    errors: ["SIGNATURE_INVALID", "INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "UNAVAILABLE"],
  }).handle(async ({ request, rc }) => {
    const raw = await readBodyBytes(request, WEBHOOK_MAX_BYTES);
    const event = await verifyStripeEvent(raw, request.headers.get("stripe-signature"), rc.env.STRIPE_WEBHOOK_SECRET);
    // What the session really sold is asked before anything is applied: a Stripe failure is a 503.
    const session = checkoutSessionOf(event);
    const verdict = session ? await verifyCheckout(rc.env, session, stripeFetch) : null;
    const mapped = mapStripeEvent(event, verdict);
    if ("ignored" in mapped) return { status: 200, body: { received: true, ignored: true, reason: mapped.ignored } };
    const outcome = await applyStripeEvent(rc, mapped.effect, mapped.accountRef, { locationHint: mapped.locationHint });
    return { status: 200, body: { received: true, ...outcome } };
  });
}

export const stripeWebhook = stripeWebhookWith((input, init) => fetch(input, init));
