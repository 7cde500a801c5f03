/**
 * The API Worker's request pipeline: request id → route → handler, with one catch that
 * turns every failure into the contract's error envelope, and X-Request-Id on every
 * response.
 */
import { IttyRouter, type IRequest } from "itty-router";
import { isDevelopment, type Env } from "./core/env";
import { ApiError } from "./errors/api-error";
import { toErrorResponse } from "./errors/handler";
import { preflight, withCors } from "./http/cors";
import type { RequestContext, RouteHandler } from "./http/context";
import { newId } from "./core/ids";
import * as adminRoutes from "./routes/admin";
import { requestMagicLink } from "./routes/auth-magic-link";
import { createSession, logout } from "./routes/auth-session";
import { createCheckoutSession } from "./routes/checkout-sessions";
import { portalAccount, portalDeactivateMachine, portalEvents, portalLive, portalMachines, portalPurchases } from "./routes/portal";
import { devCheckoutConfirm, devCheckoutPage, devCheckoutSuccess } from "./routes/dev-checkout";
import { devGrantLicense } from "./routes/dev-licenses";
import { devMailbox } from "./routes/dev-mailbox";
import { stripeWebhook } from "./routes/stripe-webhook";
import { health } from "./routes/health";
import { openApi } from "./routes/openapi";
import { jwks } from "./routes/jwks";
import { activateLicense } from "./routes/licenses-activate";
import { deactivateLicense } from "./routes/licenses-deactivate";
import { validateLicense } from "./routes/licenses-validate";

type Method = "GET" | "POST";

export const ROUTES: ReadonlyArray<readonly [Method, string, RouteHandler]> = [
  ["GET", "/v1/health", health],
  ["GET", "/.well-known/jwks.json", jwks],
  ["GET", "/openapi.json", openApi],
  ["POST", "/v1/licenses/activate", activateLicense],
  ["POST", "/v1/licenses/deactivate", deactivateLicense],
  ["POST", "/v1/licenses/validate", validateLicense],
  ["POST", "/v1/checkout/sessions", createCheckoutSession],
  ["POST", "/v1/auth/magic-link", requestMagicLink],
  ["POST", "/v1/auth/session", createSession],
  ["POST", "/v1/auth/logout", logout],
  ["GET", "/v1/portal/account", portalAccount],
  ["GET", "/v1/portal/machines", portalMachines],
  ["POST", "/v1/portal/machines/:activation_id/deactivate", portalDeactivateMachine],
  ["GET", "/v1/portal/purchases", portalPurchases],
  ["GET", "/v1/portal/events", portalEvents],
  ["GET", "/v1/portal/live", portalLive],
  ["GET", "/v1/admin/me", adminRoutes.me],
  ["GET", "/v1/admin/accounts", adminRoutes.searchAccounts],
  ["GET", "/v1/admin/accounts/:account_id", adminRoutes.getAccount],
  ["GET", "/v1/admin/events", adminRoutes.listEvents],
  ["POST", "/v1/admin/accounts/:account_id/machines/:activation_id/deactivate", adminRoutes.deactivateMachine],
  ["POST", "/v1/admin/accounts/:account_id/sign-in-link", adminRoutes.sendSignInLink],
  ["POST", "/v1/admin/licenses/:license_id/seats", adminRoutes.setSeats],
  ["POST", "/v1/admin/licenses/:license_id/revoke", adminRoutes.revokeLicense],
  ["POST", "/v1/admin/licenses/:license_id/restore", adminRoutes.restoreLicense],
  ["POST", "/v1/admin/licenses/:license_id/resend-key", adminRoutes.resendLicenseEmail],
  ["POST", "/v1/webhooks/stripe", stripeWebhook],
];

/**
 * Development tools, in a router of their own that is consulted only in development
 * (isDevelopment: ENVIRONMENT=development *and* a loopback API origin). Anywhere else
 * these paths do not exist: the public router answers 404 for them.
 */
export const DEV_ROUTES: ReadonlyArray<readonly [Method, string, RouteHandler]> = [
  ["GET", "/dev/access/certs", adminRoutes.devAccessCerts],
  ["POST", "/dev/licenses", devGrantLicense],
  ["GET", "/dev/mailbox", devMailbox],
  ["GET", "/dev/checkout/:id", devCheckoutPage],
  ["POST", "/dev/checkout/:id/confirm", devCheckoutConfirm],
  ["GET", "/dev/checkout/:id/success", devCheckoutSuccess],
];

function buildRouter(routes: typeof ROUTES) {
  const router = IttyRouter<IRequest, [RequestContext]>();
  for (const [method, path, handler] of routes) {
    router[method === "GET" ? "get" : "post"](path, (request, rc) => handler(request, rc));
  }
  router.all("*", (request) => {
    const path = new URL(request.url).pathname;
    const allowed = router.routes.filter(([m, pattern]) => m !== "ALL" && pattern.test(path)).map(([m]) => m);
    if (allowed.length > 0) throw new ApiError("METHOD_NOT_ALLOWED", { headers: { allow: [...new Set(allowed)].join(", ") } });
    throw new ApiError("NOT_FOUND");
  });
  return router;
}

const router = buildRouter(ROUTES);
const devRouter = buildRouter(DEV_ROUTES);

export async function handleRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const requestId = newId("req");
  let response: Response;
  try {
    const rc: RequestContext = {
      env,
      ctx,
      requestId,
      url: new URL(request.url),
      dispatch: (inner) => handleRequest(inner, env, ctx),
    };
    const routes = rc.url.pathname.startsWith("/dev/") && isDevelopment(env) ? devRouter : router;
    response = preflight(request, env) ?? (await routes.fetch(request, rc));
  } catch (err) {
    response = toErrorResponse(err, requestId);
  }
  const final = withRequestId(response, requestId);
  if (final.status !== 101) withCors(request, env, final);
  return final;
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // Immutable headers (a response passed through from elsewhere): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}
