import { deviceAuthorization } from "../../accounts/objects";
import { hashDeviceCode, parseDeviceCode } from "../../device/device-code";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { decryptLicenseKey } from "../../license/key-vault";
import { DeviceGranted, DeviceTokenRequest } from "../../schemas/device";
import { issueToken, throttleClient } from "../desktop/shared";

export const deviceToken = defineRoute({
  method: "POST",
  path: "/v1/device/token",
  tag: "Desktop",
  summary: "Poll a desktop sign-in",
  description:
    "400 `AUTHORIZATION_PENDING` while the customer has not decided; `SLOW_DOWN` for a poll sooner than the interval after the previous one (the interval grows by 5 s, `details.interval`); `ACCESS_DENIED` once denied; `EXPIRED_TOKEN` for an unknown or expired code. Approved: 200 with the license key, activation, license and token — the same answer to every poll until the code expires.",
  auth: "none",
  body: DeviceTokenRequest,
  responses: { 200: { schema: DeviceGranted, description: "Approved: store it like an activation." } },
  errors: ["INVALID_REQUEST", "AUTHORIZATION_PENDING", "SLOW_DOWN", "ACCESS_DENIED", "EXPIRED_TOKEN", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ rc, request, body }) => {
  await throttleClient(request, rc);
  const { device_code } = await body();
  // A code this API did not issue reaches no object (keyed check tag).
  const parsed = await parseDeviceCode(rc.env.ROUTING_SECRET, device_code);
  if (!parsed) throw new ApiError("EXPIRED_TOKEN");
  // Not retried: a poll moves the code's clock, and a repeat would read as too fast.
  const result = await deviceAuthorization(rc, parsed.userCode, "once").poll({ deviceCodeHash: await hashDeviceCode(device_code) });
  switch (result.answer) {
    case "pending":
      throw new ApiError("AUTHORIZATION_PENDING");
    case "slow_down":
      throw new ApiError("SLOW_DOWN", { details: { interval: result.intervalS } });
    case "denied":
      throw new ApiError("ACCESS_DENIED");
    case "expired":
      throw new ApiError("EXPIRED_TOKEN");
    case "approved": {
      const { grant } = result;
      const licenseKey = await decryptLicenseKey(rc.env.LICENSE_KEY_ENCRYPTION_KEY, grant.licenseId, grant.keyCiphertext);
      const token = await issueToken(rc, grant.accountId, grant.license, grant.activation);
      return { status: 200, body: { license_key: licenseKey, activation: grant.activation, license: grant.license, token } };
    }
  }
});
