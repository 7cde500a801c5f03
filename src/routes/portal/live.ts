import { sessionAccount } from "../../auth/sessions";
import { ApiError } from "../../errors/api-error";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";

/** A WebSocket the account object accepts (hibernation API) and keeps up to date. */
export const live = defineRoute({
  method: "GET",
  path: "/v1/portal/live",
  tag: "Portal",
  summary: "Live license and machines (WebSocket)",
  description:
    'Upgrade to a WebSocket; messages are `{ type: "license", license, machines }`, sent at connect and after every change. Send `ping` to get `{ type: "pong" }`. Closed with 4001 when the session ends.',
  auth: "session",
  responses: { 101: { description: "Switching protocols." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN"],
}).handle(async ({ request, rc }) => {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("INVALID_REQUEST", { message: "This endpoint expects a WebSocket upgrade." });
  }
  assertPortalOrigin(request, rc.env);
  const session = await sessionAccount(request, rc);
  const headers = new Headers(request.headers);
  headers.set("x-session-hash", session.sessionHash);
  const response = await rc.env.ACCOUNT.getByName(session.accountId).fetch(new Request(request.url, { headers }));
  if (response.status === 401) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return { raw: response };
});
