import { findSession } from "../../auth/sessions";
import { locationHintFor, type CallerPlace } from "../../core/location-hint";
import { defineRoute } from "../../http/route";
import { CheckoutRequest } from "../../schemas/checkout";
import { CheckoutSession } from "../../schemas/responses";
import { startCheckout } from "../../stripe/checkout";
import { enforce, ipRule } from "../../throttle/limits";

/** Where to send the buyer: Stripe Checkout, or the local dev checkout without a Stripe key. */
export const createSession = defineRoute({
  method: "POST",
  path: "/v1/checkout/sessions",
  tag: "Checkout",
  summary: "Start a purchase",
  description:
    "Returns where to send the buyer: Stripe Checkout, or the local dev checkout when no Stripe key is configured. With a portal session cookie, the purchase is for that account.",
  auth: "none",
  body: CheckoutRequest,
  responses: { 201: { schema: CheckoutSession, description: "Checkout started." } },
  errors: ["INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, body }) => {
  await enforce(rc, ipRule(rc.env, request));
  const input = await body();
  // A signed-in buyer (portal session cookie) buys for their own account.
  const session = await findSession(request, rc);
  const started = await startCheckout(rc.env, {
    email: input.email ?? session?.email ?? null,
    quantity: input.quantity,
    accountId: session?.accountId ?? null,
    locationHint: locationHintFor(request.cf as CallerPlace | undefined),
  });
  return { status: 201, body: started };
});
