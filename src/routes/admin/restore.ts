import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { ReasonBody } from "../../schemas/admin";
import { AdminLicenseChange } from "../../schemas/responses";
import { accountOfLicense, staffOf, supportActor } from "./shared";

export const restoreLicense = defineRoute({
  method: "POST",
  path: "/v1/admin/licenses/:license_id/restore",
  tag: "Support",
  summary: "Restore a license",
  auth: "access",
  body: ReasonBody,
  responses: { 200: { schema: AdminLicenseChange, description: "Restored." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "LICENSE_NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const { reason } = await call.body();
  const licenseId = params.license_id ?? "";
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").restore({
    licenseId,
    reason,
    actor: supportActor(staff),
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
  return { status: 200, body: { license: result.license, changed: result.changed } };
});
