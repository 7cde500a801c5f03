import { normalizeEmail } from "../../accounts/account-id";
import { atEmailAccount } from "../../accounts/email-routing";
import { accountObject } from "../../accounts/objects";
import { log } from "../../core/log";
import { requesterTag } from "../../auth/link-requester";
import { hashSecret, newSignInToken } from "../../auth/secrets";
import type { RequestContext } from "../../http/context";
import { assertPortalOrigin } from "../../http/origin-check";
import { clientIp } from "../../http/respond";
import { defineRoute } from "../../http/route";
import { mailerFor } from "../../mail/mailer";
import { signInEmail } from "../../mail/templates";
import { MagicLinkRequest } from "../../schemas/portal";
import { Ok } from "../../schemas/responses";
import { enforce } from "../../throttle/limits";

const WINDOW_SECONDS = 15 * 60;

/**
 * 202 { ok: true }, whether or not the email has an account. Everything that differs
 * between the two — asking the account object, recording the token, sending the email —
 * happens after the response, so the answer, its timing and the throttles are the same
 * for both and the endpoint cannot reveal customers.
 *
 * Only the asking address is refused outright (429 past 30 requests in 15 minutes).
 * There is deliberately no per-email 429: it would refuse the owner's own request
 * whenever someone else had asked for their address. The account object limits the
 * sending instead, per asking network and per day (durable-objects/sign-in-link-rules.ts).
 */
export const magicLink = defineRoute({
  method: "POST",
  path: "/v1/auth/magic-link",
  tag: "Portal auth",
  summary: "Email a sign-in link",
  description: "Always 202 with the same body, whether or not the email has an account.",
  auth: "none",
  body: MagicLinkRequest,
  responses: { 202: { schema: Ok, description: "Accepted." } },
  errors: ["INVALID_REQUEST", "FORBIDDEN", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
}).handle(async ({ request, rc, body }) => {
  assertPortalOrigin(request, rc.env);
  const ip = clientIp(request);
  await enforce(rc, { scope: "magic-ip", subject: ip, limit: 30, windowSeconds: WINDOW_SECONDS });
  const email = normalizeEmail((await body()).email);
  rc.ctx.waitUntil(sendSignInLink(rc, email, ip).catch((err) => log.error("sign_in_link_failed", { request_id: rc.requestId, error: err })));
  return { status: 202, body: { ok: true } };
});

async function sendSignInLink(rc: RequestContext, email: string, ip: string): Promise<void> {
  const requester = await requesterTag(rc.env.ROUTING_SECRET, ip);
  // The account that has this email now (email-routing.ts); the token names that account.
  const found = await atEmailAccount(rc, email, { create: false }, async (accountId) => {
    const token = await newSignInToken(rc.env.ROUTING_SECRET, accountId);
    const issued = await accountObject(rc, accountId, "once").issueSignInToken({
      email,
      tokenHash: await hashSecret(token),
      requestId: rc.requestId,
      requester,
    });
    return issued.ok ? { ...issued, token } : issued;
  });
  const issued = found?.result;
  if (!issued?.ok) {
    // No account for this email, or its sending limit reached: nothing to send.
    if (issued?.code === "NOT_SENT") log.warn("sign_in_link_not_sent", { request_id: rc.requestId, rule: issued.rule });
    return;
  }
  // The token travels in the fragment: it never reaches a server log or a Referer header.
  const link = `${rc.env.PORTAL_ORIGIN}/sign-in/confirm/#token=${issued.token}`;
  await mailerFor(rc.env).send(signInEmail({ to: issued.email, link, expiresAt: issued.expiresAt }));
}
