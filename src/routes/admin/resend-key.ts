import { accountObject } from "../../accounts/objects";
import { seatPolicyOf } from "../../core/catalog";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { decryptLicenseKey } from "../../license/key-vault";
import { mailerFor } from "../../mail/mailer";
import { licenseEmail } from "../../mail/templates";
import { ReasonBody } from "../../schemas/admin";
import { AdminSent } from "../../schemas/responses";
import { accountOfLicense, sendOrUnavailable, staffOf, supportActor } from "./shared";

export const resendLicenseEmail = defineRoute({
  method: "POST",
  path: "/v1/admin/licenses/:license_id/resend-key",
  tag: "Support",
  summary: "Resend the license email",
  auth: "access",
  body: ReasonBody,
  responses: { 200: { schema: AdminSent, description: "Sent." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "LICENSE_NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const { reason } = await call.body();
  const licenseId = params.license_id ?? "";
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").licenseKeyForResend({
    licenseId,
    reason,
    actor: supportActor(staff),
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
  const key = await decryptLicenseKey(rc.env.LICENSE_KEY_ENCRYPTION_KEY, result.licenseId, result.keyCiphertext);
  const { env } = rc;
  await sendOrUnavailable(rc, () =>
    mailerFor(env).send(
      licenseEmail({
        to: result.to,
        licenseKey: key,
        seats: result.seats,
        quantity: 0,
        portalUrl: env.PORTAL_ORIGIN,
        downloadUrl: `${env.SITE_ORIGIN}/downloads/`,
        docsUrl: `${env.DOCS_ORIGIN}/getting-started/`,
        staleSeatDays: seatPolicyOf(result.productId).staleSeatDays,
      }),
    ),
  );
  return { status: 200, body: { sent: true, to: result.to } };
});
