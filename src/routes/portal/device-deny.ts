import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";
import { DeviceRequestView } from "../../core/views";
import { enterCode } from "./device-shared";

/** Denial is final: the app's next poll gets ACCESS_DENIED. Denying again changes nothing. */
export const denyDevice = defineRoute({
  method: "POST",
  path: "/v1/portal/devices/:user_code/deny",
  tag: "Portal",
  summary: "Deny a desktop sign-in",
  description: "The app's next poll gets `ACCESS_DENIED`. An approved sign-in cannot be denied (409 `ALREADY_APPROVED`): deactivate the machine instead.",
  auth: "session",
  responses: { 200: { schema: DeviceRequestView, description: "Denied." } },
  errors: ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "ALREADY_APPROVED", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params }) => {
  assertPortalOrigin(request, rc.env);
  const entry = await enterCode(request, rc, params.user_code);
  const { accountId, sessionHash } = entry.session;
  const result = await entry.device("once").deny({ accountId });
  if (!result.ok) {
    if (result.code === "NOT_FOUND") return entry.wrong();
    if (result.code === "APPROVED") throw new ApiError("ALREADY_APPROVED");
    // Being approved this very moment (by this account): that ends in a moment.
    throw new ApiError("UNAVAILABLE", { message: "This sign-in is being approved right now. Try again in a moment.", headers: { "retry-after": "1" } });
  }
  if (result.changed) await accountObject(rc, accountId, "once").recordDeviceDenial({ sessionHash, requestId: rc.requestId, request: result.request });
  const view = await entry.device("retry").describe({ accountId });
  if (!view) return entry.wrong();
  return { status: 200, body: view };
});
