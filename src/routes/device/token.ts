import { accountObject, deviceAuthorization } from "../../accounts/objects";
import { hashDeviceCode, parseDeviceCode } from "../../device/device-code";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { decryptLicenseKey } from "../../license/key-vault";
import { DeviceGranted, DeviceTokenRequest } from "../../schemas/device";
import { desktopActor, issueToken, resolveLicenseKey, throttleClient } from "../desktop/shared";

export const deviceToken = defineRoute({
  method: "POST",
  path: "/v1/device/token",
  tag: "Desktop",
  summary: "Poll a desktop sign-in",
  description:
    "400 `AUTHORIZATION_PENDING` while the customer has not decided; `SLOW_DOWN` for a poll sooner than the interval after the previous one (the interval grows by 5 s, `details.interval`); `ACCESS_DENIED` once denied; `EXPIRED_TOKEN` for an unknown or expired code. Approved: 200 with the license key, activation, license and token — the same answer to every poll until the code expires, as long as the approved machine holds its seat (once it is deactivated or the license is no longer active, `ACCESS_DENIED`).",
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
      // The grant is what approval gave; the machine may have been deactivated or the
      // license revoked since. Every poll asks the account object, as validate does, so
      // the key and a token reach the app only while the approved machine holds its seat.
      const key = await resolveLicenseKey(rc, licenseKey);
      const now = key
        ? await accountObject(rc, key.accountId, "retry").validate({ ...desktopActor(rc), keyHash: key.keyHash, fingerprint: grant.activation.fingerprint })
        : null;
      if (!key || now?.code !== "VALID" || !now.license || now.activation?.id !== grant.activation.id) {
        throw new ApiError("ACCESS_DENIED", {
          message: "This sign-in was approved, but the machine no longer holds a seat of an active license. Sign in again.",
        });
      }
      const token = await issueToken(rc, key.accountId, now.license, now.activation);
      return { status: 200, body: { license_key: licenseKey, activation: now.activation, license: now.license, token } };
    }
  }
});
