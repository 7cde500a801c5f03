import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { SeatsBody } from "../../schemas/admin";
import { AdminLicenseChange } from "../../schemas/responses";
import { accountOfLicense, staffOf, supportActor } from "./shared";

export const setSeats = defineRoute({
  method: "POST",
  path: "/v1/admin/licenses/:license_id/seats",
  tag: "Support",
  summary: "Set seats",
  description: "Machines over the new limit are deactivated, newest first.",
  auth: "access",
  body: SeatsBody,
  responses: { 200: { schema: AdminLicenseChange, description: "Changed." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "LICENSE_NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const body = await call.body();
  const licenseId = params.license_id ?? "";
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").setSeats({
    licenseId,
    seats: body.seats,
    reason: body.reason,
    actor: supportActor(staff),
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError(result.code === "LICENSE_NOT_FOUND" ? "LICENSE_NOT_FOUND" : "INVALID_REQUEST");
  return { status: 200, body: { license: result.license, deactivated: result.deactivated, changed: result.changed } };
});
