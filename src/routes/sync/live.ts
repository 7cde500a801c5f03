import { log } from "../../core/log";
import { SYNC_LIVE_HEADERS as LIVE_HEADERS } from "../../core/sync-rules";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { syncCaller, unauthorized } from "../../sync/bearer";

/** A WebSocket the account object accepts (hibernation API) for one machine of the account. */
export const live = defineRoute({
  method: "GET",
  path: "/v1/sync/live",
  tag: "Desktop sync",
  summary: "Live document changes (WebSocket)",
  description:
    'Upgrade to a WebSocket with the same bearer token. Pushes `{ type: "document", name, rev, deleted, updated_by }` to every connected machine of the account within a second of each change (a machine hears of its own writes too). Send `ping` to get `{ type: "pong" }`. Closed with 4001 when the machine may no longer sync (deactivated, license revoked or suspended) or the token expires: validate for a fresh token, then reconnect.',
  auth: "bearer",
  responses: { 101: { description: "Switching protocols." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("INVALID_REQUEST", { message: "This endpoint expects a WebSocket upgrade." });
  }
  const claims = await syncCaller(request, rc);
  // Only what the Worker verified reaches the object: none of the client's own headers.
  const headers = new Headers({
    upgrade: "websocket",
    [LIVE_HEADERS.license]: claims.licenseId,
    [LIVE_HEADERS.activation]: claims.activationId,
    [LIVE_HEADERS.fingerprint]: claims.fingerprintHash,
    [LIVE_HEADERS.expires]: String(claims.expiresAtMs),
  });
  let response: Response;
  try {
    response = await rc.env.ACCOUNT.getByName(claims.accountId).fetch(new Request(new URL("/v1/sync/live", rc.url), { headers }));
  } catch (err) {
    log.error("durable_object_call_failed", { request_id: rc.requestId, method: "fetch /v1/sync/live", error: err });
    throw new ApiError("UNAVAILABLE", { headers: { "retry-after": "1" }, cause: err });
  }
  if (response.status === 401) throw unauthorized("seat");
  return { raw: response };
});
