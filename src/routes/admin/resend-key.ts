import { accountObject } from "../../accounts/objects";
import { seatPolicyOf } from "../../core/catalog";
import { ApiError } from "../../errors/api-error";
import { decryptLicenseKey } from "../../license/key-vault";
import { mailerFor } from "../../mail/mailer";
import { licenseEmail } from "../../mail/templates";
import { ReasonBody } from "../../schemas/admin";
import { AdminSent } from "../../schemas/responses";
import { accountOfLicense, sendOrUnavailable } from "./shared";
import { staffAction } from "./staff-action";

export const resendLicenseEmail = staffAction({
  path: "/v1/admin/licenses/:license_id/resend-key",
  summary: "Resend the license email",
  body: ReasonBody,
  responses: { 200: { schema: AdminSent, description: "Sent." } },
  errors: ["LICENSE_NOT_FOUND"],
}).handle(async ({ rc, params, actor, input }) => {
  const { env } = rc;
  const licenseId = params.license_id ?? "";
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").licenseKeyForResend({
    licenseId,
    reason: input.reason,
    actor,
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
  const key = await decryptLicenseKey(env.LICENSE_KEY_ENCRYPTION_KEY, result.licenseId, result.keyCiphertext);
  const message = licenseEmail({
    to: result.to,
    licenseKey: key,
    seats: result.seats,
    quantity: 0,
    portalUrl: env.PORTAL_ORIGIN,
    downloadUrl: `${env.SITE_ORIGIN}/downloads/`,
    docsUrl: `${env.DOCS_ORIGIN}/getting-started/`,
    staleSeatDays: seatPolicyOf(result.productId).staleSeatDays,
  });
  await sendOrUnavailable(rc, () => mailerFor(env).send(message));
  return { status: 200, body: { sent: true, to: result.to } };
});
