import { accountObject } from "../../accounts/objects";
import { hashSecret, newSignInToken } from "../../auth/secrets";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { mailerFor } from "../../mail/mailer";
import { signInEmail } from "../../mail/templates";
import { ReasonBody } from "../../schemas/admin";
import { AdminSent } from "../../schemas/responses";
import { accountParam, sendOrUnavailable, staffOf, supportActor } from "./shared";

/** Support sends the customer a portal sign-in link (not counted against the customer's own limits). */
export const sendSignInLink = defineRoute({
  method: "POST",
  path: "/v1/admin/accounts/:account_id/sign-in-link",
  tag: "Support",
  summary: "Send a portal sign-in link",
  auth: "access",
  body: ReasonBody,
  responses: { 200: { schema: AdminSent, description: "Sent." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const { reason } = await call.body();
  const accountId = accountParam(params);
  const token = await newSignInToken(rc.env.ROUTING_SECRET, accountId);
  const issued = await accountObject(rc, accountId, "once").issueSignInToken({
    tokenHash: await hashSecret(token),
    requestId: rc.requestId,
    actor: supportActor(staff),
    reason,
  });
  if (!issued.ok) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  await sendOrUnavailable(rc, () =>
    mailerFor(rc.env).send(signInEmail({ to: issued.email, link: `${rc.env.PORTAL_ORIGIN}/sign-in/confirm/#token=${token}`, expiresAt: issued.expiresAt })),
  );
  return { status: 200, body: { sent: true, to: issued.email } };
});
