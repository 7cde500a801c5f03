import { accountObject } from "../../accounts/objects";
import { hashSecret, newSignInToken } from "../../auth/secrets";
import { ApiError } from "../../errors/api-error";
import { mailerFor } from "../../mail/mailer";
import { signInEmail } from "../../mail/templates";
import { ReasonBody } from "../../schemas/admin";
import { AdminSent } from "../../schemas/responses";
import { accountParam, sendOrUnavailable } from "./shared";
import { staffAction } from "./staff-action";

/** Support sends the customer a portal sign-in link (not counted against the customer's own limits). */
export const sendSignInLink = staffAction({
  path: "/v1/admin/accounts/:account_id/sign-in-link",
  summary: "Send a portal sign-in link",
  body: ReasonBody,
  responses: { 200: { schema: AdminSent, description: "Sent." } },
  errors: ["NOT_FOUND"],
}).handle(async ({ rc, params, actor, input }) => {
  const accountId = accountParam(params);
  const token = await newSignInToken(rc.env.ROUTING_SECRET, accountId);
  const issued = await accountObject(rc, accountId, "once").issueSignInToken({
    tokenHash: await hashSecret(token),
    requestId: rc.requestId,
    actor,
    reason: input.reason,
  });
  if (!issued.ok) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  const link = `${rc.env.PORTAL_ORIGIN}/sign-in/confirm/#token=${token}`;
  await sendOrUnavailable(rc, () => mailerFor(rc.env).send(signInEmail({ to: issued.email, link, expiresAt: issued.expiresAt })));
  return { status: 200, body: { sent: true, to: issued.email } };
});
