import { accountObject } from "../../accounts/objects";
import { defineRoute } from "../../http/route";
import { ValidateRequest } from "../../schemas/desktop";
import { ValidateResponse } from "../../schemas/responses";
import { desktopActor, issueToken, resolveLicenseKey, throttleClient } from "./shared";

/** Always 200 for a well-formed request: the outcome is data, and a valid answer brings a fresh token. */
export const validate = defineRoute({
  method: "POST",
  path: "/v1/licenses/validate",
  tag: "Desktop",
  summary: "Validate a license on this machine",
  description: "Always 200 for a well-formed request: the outcome is `code`. A fresh token comes with every valid answer.",
  auth: "license",
  body: ValidateRequest,
  responses: { 200: { schema: ValidateResponse, description: "The outcome." } },
  errors: ["INVALID_REQUEST", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ rc, request, body }) => {
  await throttleClient(request, rc);
  const input = await body();
  const key = await resolveLicenseKey(rc, input.license_key);
  const result = key
    ? await accountObject(rc, key.accountId, "retry").validate({ ...desktopActor(rc), keyHash: key.keyHash, fingerprint: input.fingerprint })
    : { code: "NOT_FOUND" as const, license: undefined, activation: undefined };
  const { license, activation } = result;
  const valid = result.code === "VALID" && key !== null && license !== undefined && activation !== undefined;
  return {
    status: 200,
    body: {
      valid,
      code: result.code,
      ...(license ? { license } : {}),
      ...(activation ? { activation } : {}),
      ...(valid ? { token: await issueToken(rc, key.accountId, license, activation) } : {}),
    },
  };
});
