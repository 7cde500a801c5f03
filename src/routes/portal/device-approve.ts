import { accountObject } from "../../accounts/objects";
import { log } from "../../core/log";
import { ApiError } from "../../errors/api-error";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";
import { DeviceApproved, DeviceApproveRequest } from "../../schemas/device";
import { enterCode } from "./device-shared";

/**
 * Approval in three steps, each strongly consistent: the code's object lets one account
 * claim it (a deny cannot slip in), the account object activates the machine (its seat
 * rules, audit and live push; once per authorization, however often this is called),
 * and the code's object records the grant the app's next poll receives.
 */
export const approveDevice = defineRoute({
  method: "POST",
  path: "/v1/portal/devices/:user_code/approve",
  tag: "Portal",
  summary: "Approve a desktop sign-in",
  description:
    "Activates the machine that asked on your license (`license_id`, or your license), with the same rules and errors as activate. Approving again answers the same activation.",
  auth: "session",
  body: DeviceApproveRequest,
  responses: { 200: { schema: DeviceApproved, description: "The machine is activated; the app receives it at its next poll." } },
  errors: [
    "INVALID_REQUEST",
    "UNAUTHORIZED",
    "FORBIDDEN",
    "NOT_FOUND",
    "LICENSE_NOT_FOUND",
    "SEAT_LIMIT_REACHED",
    "LICENSE_SUSPENDED",
    "LICENSE_REVOKED",
    "PAYLOAD_TOO_LARGE",
    "RATE_LIMITED",
    "UNAVAILABLE",
  ],
}).handle(async ({ request, rc, params, body }) => {
  assertPortalOrigin(request, rc.env);
  // The body is optional: without one, the account's license.
  const input = request.headers.has("content-type") ? await body() : {};
  const entry = await enterCode(request, rc, params.user_code);
  const { accountId, sessionHash } = entry.session;

  const claim = await entry.device("once").claim({ accountId });
  if (!claim.ok) return entry.wrong();
  if (claim.grant) return { status: 200, body: { activation: claim.grant.activation, license: claim.grant.license } };

  // Idempotent per authorization (the account object remembers it): safe to retry.
  const result = await accountObject(rc, accountId, "retry").approveDevice({
    sessionHash,
    requestId: rc.requestId,
    request: claim.request,
    licenseId: input.license_id,
  });
  if (!result.ok) {
    await entry.device("retry").release({ accountId });
    if (result.code === "UNAUTHORIZED") throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
    if (result.code === "SEAT_LIMIT_REACHED") {
      throw new ApiError("SEAT_LIMIT_REACHED", { message: "Every seat of your license is in use. Deactivate a machine, then approve again." });
    }
    throw new ApiError(result.code);
  }

  const grant = { accountId, licenseId: result.license.id, keyCiphertext: result.keyCiphertext, activation: result.activation, license: result.license };
  const completed = await entry.device("retry").complete({ accountId, grant });
  if (!completed.ok) {
    // The code expired (or its claim lapsed to another account) between the two steps:
    // the machine is activated on this account, but the app will not hear of it.
    log.warn("device_approval_not_delivered", { request_id: rc.requestId, account_id: accountId, activation_id: result.activation.id });
    throw new ApiError("NOT_FOUND", {
      message: "This code expired while it was being approved. Start the sign-in again in the app; deactivate the machine here if it shows.",
    });
  }
  return { status: 200, body: { activation: result.activation, license: result.license } };
});
