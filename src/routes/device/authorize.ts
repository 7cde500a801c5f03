import { deviceAuthorization } from "../../accounts/objects";
import { log } from "../../core/log";
import { newId } from "../../core/ids";
import { formatUserCode, randomUserCode } from "../../core/user-code";
import { hashDeviceCode, newDeviceCode } from "../../device/device-code";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { DeviceAuthorization, DeviceAuthorizeRequest } from "../../schemas/device";
import { deviceAuthorizeRule, enforce } from "../../throttle/limits";

/** Where codes come from; a test replaces `next` to force collisions. */
export const userCodes = { next: randomUserCode };

/**
 * A drawn code is refused only while another authorization holds it (at most a few
 * thousand of 2.6 × 10^10 are live at once), so a fifth refusal in a row means something
 * is wrong, not bad luck.
 */
const MAX_DRAWS = 5;

export const deviceAuthorize = defineRoute({
  method: "POST",
  path: "/v1/device/authorize",
  tag: "Desktop",
  summary: "Start a desktop sign-in",
  description:
    "RFC 8628 device authorization: show `user_code` and `verification_uri` to the customer, then poll `POST /v1/device/token` with `device_code` every `interval` seconds. Throttled per address.",
  auth: "none",
  body: DeviceAuthorizeRequest,
  responses: { 200: { schema: DeviceAuthorization, description: "Codes for the app (device_code) and the customer (user_code)." } },
  errors: ["INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ rc, request, body }) => {
  await enforce(rc, deviceAuthorizeRule(request));
  const input = await body();
  const country = (request.cf as { country?: string } | undefined)?.country;
  const authorizationId = newId("dev");
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const userCode = userCodes.next();
    const deviceCode = await newDeviceCode(rc.env.ROUTING_SECRET, userCode);
    // A retried create with the same device code gets the same answer: safe to retry.
    const created = await deviceAuthorization(rc, userCode, "retry").create({
      authorizationId,
      userCode,
      deviceCodeHash: await hashDeviceCode(deviceCode),
      fingerprint: input.fingerprint,
      name: input.name,
      platform: input.platform,
      appVersion: input.app_version,
      components: input.components,
      country,
    });
    if (!created.ok) continue; // another live authorization holds this code: draw again
    const page = `${rc.env.PORTAL_ORIGIN}/activate/`;
    const shown = formatUserCode(userCode);
    return {
      status: 200,
      body: {
        device_code: deviceCode,
        user_code: shown,
        verification_uri: page,
        verification_uri_complete: `${page}?code=${shown}`,
        expires_in: Math.round((created.expiresAt - Date.now()) / 1000),
        interval: created.intervalS,
      },
    };
  }
  log.error("device_code_draws_exhausted", { request_id: rc.requestId, draws: MAX_DRAWS });
  throw new ApiError("UNAVAILABLE", { headers: { "retry-after": "1" } });
});
