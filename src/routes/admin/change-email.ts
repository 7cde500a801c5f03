import { normalizeEmail } from "../../accounts/account-id";
import { changeAccountEmail } from "../../accounts/email-change";
import { log } from "../../core/log";
import { defineRoute } from "../../http/route";
import type { RequestContext } from "../../http/context";
import { mailerFor } from "../../mail/mailer";
import { emailChangedEmail } from "../../mail/templates";
import { EmailChangeBody } from "../../schemas/admin";
import { AdminEmailChanged } from "../../schemas/responses";
import { accountParam, staffOf, supportActor } from "./shared";

/**
 * Support changes a customer's email (src/accounts/email-change.ts): from then on sign-in
 * links and purchases for the new email reach this account and the old email does not;
 * outstanding links are retired and portal sessions end. Both addresses are told.
 */
export const changeEmail = defineRoute({
  method: "POST",
  path: "/v1/admin/accounts/:account_id/email",
  tag: "Support",
  summary: "Change an account's email",
  description:
    "Audited `account.email_changed` (from, to, reason). Sign-in links still outstanding stop working and portal sessions end; both addresses get an email. 409 `EMAIL_IN_USE` when another account has the email.",
  auth: "access",
  body: EmailChangeBody,
  responses: { 200: { schema: AdminEmailChanged, description: "Changed (or already this email)." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "EMAIL_IN_USE", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const accountId = accountParam(params);
  const body = await call.body();
  const changed = await changeAccountEmail(rc, { accountId, email: normalizeEmail(body.email), reason: body.reason, actor: supportActor(staff) });
  const notified = changed.changed ? await notifyBoth(rc, changed.from, changed.to) : [];
  return {
    status: 200,
    body: { account_id: accountId, email: changed.to, previous_email: changed.from, changed: changed.changed, sessions_ended: changed.sessionsEnded, notified },
  };
});

/** The change has happened: a failed send is logged and reported, never undone or retried here. */
async function notifyBoth(rc: RequestContext, oldEmail: string, newEmail: string): Promise<string[]> {
  const mailer = mailerFor(rc.env);
  const sent: string[] = [];
  for (const [to, role] of [
    [newEmail, "new"],
    [oldEmail, "old"],
  ] as const) {
    try {
      await mailer.send(emailChangedEmail({ to, role, oldEmail, newEmail, portalUrl: rc.env.PORTAL_ORIGIN }));
      sent.push(to);
    } catch (err) {
      log.error("email_change_notice_failed", { request_id: rc.requestId, role, error: err });
    }
  }
  return sent;
}
