import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { ActivateRequest } from "../../schemas/desktop";
import { ActivateResponse } from "../../schemas/responses";
import { desktopActor, issueToken, resolveLicenseKey, throttleClient } from "./shared";

export const activate = defineRoute({
  method: "POST",
  path: "/v1/licenses/activate",
  tag: "Desktop",
  summary: "Activate a machine",
  description:
    "201 for a new seat; 200 when this fingerprint already holds one (same activation, no extra seat), or when `components` match more than half of an active machine's (at least 2): that machine after a hardware change or reinstall, its fingerprint updated. On a full license a machine unseen for `STALE_SEAT_DAYS` gives its seat to the new one (201). However many arrive at once, active machines never exceed seats.",
  auth: "license",
  body: ActivateRequest,
  responses: {
    201: { schema: ActivateResponse, description: "Activated." },
    200: {
      schema: ActivateResponse,
      description: "Already active on this license (this fingerprint, or this machine by its components): the same activation.",
    },
  },
  errors: [
    "INVALID_REQUEST",
    "LICENSE_NOT_FOUND",
    "SEAT_LIMIT_REACHED",
    "LICENSE_SUSPENDED",
    "LICENSE_REVOKED",
    "PAYLOAD_TOO_LARGE",
    "RATE_LIMITED",
    "UNAVAILABLE",
  ],
}).handle(async ({ rc, request, body }) => {
  await throttleClient(request, rc);
  const input = await body();
  const key = await resolveLicenseKey(rc, input.license_key);
  if (!key) throw new ApiError("LICENSE_NOT_FOUND");
  const result = await accountObject(rc, key.accountId, "retry").activate({
    ...desktopActor(rc),
    keyHash: key.keyHash,
    fingerprint: input.fingerprint,
    name: input.name,
    platform: input.platform,
    appVersion: input.app_version,
    components: input.components,
  });
  if (!result.ok) throw new ApiError(result.code);
  const token = await issueToken(rc, key.accountId, result.license, result.activation);
  return { status: result.created ? 201 : 200, body: { activation: result.activation, license: result.license, token } };
});
