import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { ReasonBody } from "../../schemas/admin";
import { AdminLicenseChange } from "../../schemas/responses";
import { accountOfLicense } from "./shared";
import { staffAction } from "./staff-action";

/** Revoke and restore: the same action in two directions. */
function licenseStatus(verb: "revoke" | "restore", summary: string, done: string) {
  return staffAction({
    path: `/v1/admin/licenses/:license_id/${verb}`,
    summary,
    body: ReasonBody,
    responses: { 200: { schema: AdminLicenseChange, description: done } },
    errors: ["LICENSE_NOT_FOUND"],
  }).handle(async ({ rc, params, actor, input }) => {
    const licenseId = params.license_id ?? "";
    const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once")[verb]({
      licenseId,
      reason: input.reason,
      actor,
      requestId: rc.requestId,
    });
    if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
    return { status: 200, body: { license: result.license, changed: result.changed } };
  });
}

export const revokeLicense = licenseStatus("revoke", "Revoke a license", "Revoked.");
export const restoreLicense = licenseStatus("restore", "Restore a license", "Restored.");
