import { findSession } from "../auth/sessions";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { json } from "../http/respond";
import { CheckoutRequest } from "../schemas/checkout";
import { startCheckout } from "../stripe/checkout";
import { enforce, ipRule } from "../throttle/limits";

/** POST /v1/checkout/sessions → 201 { id, url }: where to send the buyer. */
export async function createCheckoutSession(request: Request, rc: RequestContext): Promise<Response> {
  await enforce(rc, ipRule(rc.env, request));
  const body = await readJsonBody(request, CheckoutRequest);
  // A signed-in buyer (portal session cookie) buys for their own account.
  const session = await findSession(request, rc);
  const started = await startCheckout(rc.env, { email: body.email ?? session?.email ?? null, quantity: body.quantity, accountId: session?.accountId ?? null });
  return json(started, 201);
}
