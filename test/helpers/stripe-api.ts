/**
 * A webhook delivered with a Stripe key configured. Stripe's API is answered through the
 * fetch the route takes (as checkout creation's tests do), so nothing leaves the
 * machine; the route's failures become the error envelope as in the Worker's pipeline.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type Stripe from "stripe";
import { toErrorResponse } from "../../src/errors/handler";
import type { RequestContext } from "../../src/http/context";
import { runRoute } from "../../src/http/route";
import { stripeWebhookWith } from "../../src/routes/checkout/stripe-webhook";
import { signPayload } from "../../src/stripe/stripe-objects";
import { BASE, type ApiResponse } from "./api";

export const TEST_PRICE_ID = "price_test_chartgpt_unit";
export const TEST_KEY = { STRIPE_SECRET_KEY: "sk_test_suite_fake", STRIPE_PRICE_ID: TEST_PRICE_ID };

export interface StripeCall {
  url: URL;
  method: string;
  authorization: string | null;
}

/** Answers every Stripe API call with `answer(url)` and records it. */
export function fakeStripeApi(answer: (url: URL) => Response) {
  const calls: StripeCall[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    calls.push({ url, method: init.method ?? "GET", authorization: new Headers(init.headers).get("authorization") });
    return answer(url);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

/** Stripe's list of a session's line items. */
export const lineItemsList = (items: Stripe.LineItem[]) => (url: URL) => Response.json({ object: "list", data: items, has_more: false, url: url.pathname });

export async function deliverWithStripeKey(evt: Stripe.Event, stripeFetch: typeof fetch, settings: Partial<typeof env> = TEST_KEY): Promise<ApiResponse> {
  const payload = JSON.stringify(evt);
  const request = new Request(`${BASE}/v1/webhooks/stripe`, {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": await signPayload(payload, env.STRIPE_WEBHOOK_SECRET) },
    body: payload,
  });
  const ctx = createExecutionContext();
  const rc: RequestContext = {
    env: { ...env, ...settings } as RequestContext["env"],
    ctx,
    requestId: "req_stripe_key_test",
    url: new URL(request.url),
    dispatch: () => Promise.reject(new Error("not used by the webhook")),
  };
  let response: Response;
  try {
    response = await runRoute(stripeWebhookWith(stripeFetch), request, rc);
  } catch (err) {
    response = toErrorResponse(err, rc.requestId);
  }
  await waitOnExecutionContext(ctx);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text };
}
