import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { SeatsBody } from "../../schemas/admin";
import { AdminLicenseChange } from "../../schemas/responses";
import { accountOfLicense } from "./shared";
import { staffAction } from "./staff-action";

export const setSeats = staffAction({
  path: "/v1/admin/licenses/:license_id/seats",
  summary: "Set seats",
  description: "Machines over the new limit are deactivated, newest first.",
  body: SeatsBody,
  responses: { 200: { schema: AdminLicenseChange, description: "Changed." } },
  errors: ["LICENSE_NOT_FOUND"],
}).handle(async ({ rc, params, actor, input }) => {
  const licenseId = params.license_id ?? "";
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").setSeats({
    licenseId,
    seats: input.seats,
    reason: input.reason,
    actor,
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError(result.code === "LICENSE_NOT_FOUND" ? "LICENSE_NOT_FOUND" : "INVALID_REQUEST");
  return { status: 200, body: { license: result.license, deactivated: result.deactivated, changed: result.changed } };
});
