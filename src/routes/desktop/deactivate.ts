import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { swapLimitReached } from "../../errors/swap-limit";
import { defineRoute } from "../../http/route";
import { DeactivateRequest } from "../../schemas/desktop";
import { DeactivateResponse } from "../../schemas/responses";
import { desktopActor, resolveLicenseKey, throttleClient } from "./shared";

export const deactivate = defineRoute({
  method: "POST",
  path: "/v1/licenses/deactivate",
  tag: "Desktop",
  summary: "Deactivate a machine",
  description:
    "Frees the seat at once. Deactivations by the customer (here and in the portal) are limited per license in any rolling 30 days (`SWAPS_PER_30_DAYS`): past it, 429 `DEACTIVATION_LIMIT_REACHED` with `details.next_allowed_at`.",
  auth: "license",
  body: DeactivateRequest,
  responses: { 200: { schema: DeactivateResponse, description: "Deactivated." } },
  errors: ["INVALID_REQUEST", "LICENSE_NOT_FOUND", "ACTIVATION_NOT_FOUND", "DEACTIVATION_LIMIT_REACHED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ rc, request, body }) => {
  await throttleClient(request, rc);
  const input = await body();
  const key = await resolveLicenseKey(rc, input.license_key);
  if (!key) throw new ApiError("LICENSE_NOT_FOUND");
  const result = await accountObject(rc, key.accountId, "once").deactivate({ ...desktopActor(rc), keyHash: key.keyHash, fingerprint: input.fingerprint });
  if (!result.ok) throw result.code === "DEACTIVATION_LIMIT_REACHED" ? swapLimitReached(result) : new ApiError(result.code);
  return { status: 200, body: { deactivated: true, license: result.license } };
});
