/**
 * The dev checkout (development only): stands in for Stripe's hosted page. Confirming
 * builds the checkout.session.completed event Stripe would send (Stripe's own types),
 * signs it with STRIPE_WEBHOOK_SECRET and delivers it to /v1/webhooks/stripe through
 * this Worker's own pipeline — the same path a real purchase takes.
 */
import { PRODUCTS } from "../../core/catalog";
import { isDevelopment } from "../../core/env";
import { ApiError } from "../../errors/api-error";
import type { RequestContext } from "../../http/context";
import { defineRoute } from "../../http/route";
import { escapeHtml, page } from "../../http/html";
import { readBodyBytes } from "../../http/json-body";
import { assertOrigin } from "../../http/origin-check";
import { randomBase32 } from "../../core/crypto/encoding";
import { DevCheckoutConfirm } from "../../schemas/checkout";
import { loadDevOrder, type DevOrder } from "../../stripe/checkout";
import { checkoutSession, event, signPayload } from "../../stripe/stripe-objects";

const raw = (response: Response) => ({ raw: response });

/** Local list price per unit, in cents (the real price lives in Stripe). */
export const DEV_UNIT_AMOUNT = 14_900;

async function orderFor(rc: RequestContext, id: string): Promise<DevOrder> {
  if (!isDevelopment(rc.env)) throw new ApiError("NOT_FOUND");
  const order = await loadDevOrder(rc.env, id);
  if (!order) throw new ApiError("NOT_FOUND", { message: "This checkout does not exist or has expired." });
  return order;
}

export const devCheckoutPage = defineRoute({
  method: "GET",
  path: "/dev/checkout/:id",
  tag: "Development",
  summary: "Dev checkout page (HTML)",
  auth: "none",
  responses: { 200: { description: "HTML page." } },
  errors: ["NOT_FOUND"],
}).handle(async ({ rc, params }) => {
  const order = await orderFor(rc, params.id ?? "");
  const product = PRODUCTS.chartgpt;
  const total = ((DEV_UNIT_AMOUNT * order.quantity) / 100).toFixed(2);
  return raw(
    await page(
      "Dev checkout — ChartGPT",
      `<p class="banner">Development checkout: no card is charged. Confirming sends a signed Stripe event to this API.</p>
<h1>${escapeHtml(product.name)}</h1>
<dl>
  <dt>License</dt><dd>Lifetime, bring your own AI key</dd>
  <dt>Quantity</dt><dd>${order.quantity} × ${product.seatsPerUnit} seats = ${order.quantity * product.seatsPerUnit} seats</dd>
  <dt>Total</dt><dd>$${total} USD</dd>
</dl>
<form method="post" action="/dev/checkout/${escapeHtml(order.id)}/confirm">
  <input type="hidden" name="quantity" value="${order.quantity}">
  <label for="email">Email for the license key</label>
  <input id="email" name="email" type="email" required autocomplete="email" value="${escapeHtml(order.email ?? "")}">
  <button type="submit">Pay $${total} (simulated)</button>
</form>`,
    ),
  );
});

export const devCheckoutConfirm = defineRoute({
  method: "POST",
  path: "/dev/checkout/:id/confirm",
  tag: "Development",
  summary: "Confirm a dev checkout (form post)",
  auth: "none",
  responses: { 303: { description: "Redirect to the success page." } },
  errors: ["NOT_FOUND", "FORBIDDEN"],
}).handle(async ({ request, rc, params }) => {
  // A purchase, even a simulated one, is made from this page only.
  assertOrigin(request, [rc.env.PUBLIC_API_ORIGIN], "This request did not come from the checkout page.");
  const order = await orderFor(rc, params.id ?? "");
  const form = new URLSearchParams(new TextDecoder().decode(await readBodyBytes(request, 16 * 1024)));
  const parsed = DevCheckoutConfirm.safeParse({ email: form.get("email") ?? order.email, quantity: form.get("quantity") ?? order.quantity });
  if (!parsed.success)
    return raw(
      await page(
        "Check your details",
        `<h1>Check your details</h1><p class="error">Enter a valid email address.</p><p><a href="/dev/checkout/${escapeHtml(order.id)}">Back to the checkout</a></p>`,
        400,
      ),
    );

  const now = Math.floor(Date.now() / 1000);
  const session = checkoutSession({
    id: order.id,
    email: parsed.data.email,
    quantity: order.quantity,
    unitAmount: DEV_UNIT_AMOUNT,
    currency: "usd",
    paymentStatus: "paid",
    // One payment intent per order: a second confirmation is the same payment.
    paymentIntentId: `pi_dev_${order.id.slice("cs_test_dev_".length)}`,
    clientReferenceId: order.accountId,
    product: PRODUCTS.chartgpt.id,
    locationHint: order.locationHint,
    successUrl: `${rc.env.PUBLIC_API_ORIGIN}/dev/checkout/${order.id}/success`,
    cancelUrl: `${rc.env.SITE_ORIGIN}/pricing/`,
    createdSeconds: Math.floor(Date.parse(order.created_at) / 1000),
  });
  const payload = JSON.stringify(event("checkout.session.completed", session, { id: `evt_dev_${randomBase32(24).toLowerCase()}`, createdSeconds: now }));
  const delivery = await rc.dispatch(
    new Request(`${rc.env.PUBLIC_API_ORIGIN}/v1/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": await signPayload(payload, rc.env.STRIPE_WEBHOOK_SECRET) },
      body: payload,
    }),
  );
  if (delivery.status !== 200) {
    return raw(
      await page(
        "Payment not completed",
        `<h1>The purchase could not be completed</h1><p class="error">The webhook answered ${delivery.status}. Nothing was charged; try again.</p>`,
        502,
      ),
    );
  }
  const to = encodeURIComponent(parsed.data.email);
  return raw(new Response(null, { status: 303, headers: { location: `/dev/checkout/${order.id}/success?email=${to}` } }));
});

export const devCheckoutSuccess = defineRoute({
  method: "GET",
  path: "/dev/checkout/:id/success",
  tag: "Development",
  summary: "Dev checkout success page (HTML)",
  auth: "none",
  responses: { 200: { description: "HTML page." } },
  errors: ["NOT_FOUND"],
}).handle(async ({ request, rc, params }) => {
  const order = await orderFor(rc, params.id ?? "");
  const email = new URL(request.url).searchParams.get("email") ?? order.email ?? "";
  return raw(
    await page(
      "Thank you — ChartGPT",
      `<h1>Payment confirmed</h1>
<p>Your license key is on its way to <strong>${escapeHtml(email)}</strong>.</p>
<p>In development, every email lands in the <a href="/dev/mailbox?to=${encodeURIComponent(email)}">dev mailbox</a>.</p>
<p><a href="${escapeHtml(rc.env.PORTAL_ORIGIN)}">Open the customer portal</a></p>`,
    ),
  );
});
