import { accountObject } from "../../accounts/objects";
import { hashSecret, newSessionId, parseSignInToken } from "../../auth/secrets";
import { sessionCookie } from "../../auth/session-cookie";
import { ApiError } from "../../errors/api-error";
import { assertPortalOrigin } from "../../http/origin-check";
import { clientIp } from "../../http/respond";
import { defineRoute } from "../../http/route";
import { SessionRequest } from "../../schemas/portal";
import { SessionStarted } from "../../schemas/responses";
import { enforce } from "../../throttle/limits";

const invalidLink = () => new ApiError("UNAUTHORIZED", { message: "This sign-in link is invalid, already used or expired. Request a new one." });

/**
 * 200 and a fresh session cookie. The account object consumes the token (once, ever)
 * and records the session in the same transaction; nothing else is written anywhere.
 */
export const session = defineRoute({
  method: "POST",
  path: "/v1/auth/session",
  tag: "Portal auth",
  summary: "Sign in with a link's token",
  description: "Consumes the one-time token and sets the session cookie.",
  auth: "none",
  body: SessionRequest,
  responses: { 200: { schema: SessionStarted, description: "Signed in; Set-Cookie carries the session." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, body }) => {
  assertPortalOrigin(request, rc.env);
  await enforce(rc, { scope: "sign-in-ip", subject: clientIp(request), limit: 30, windowSeconds: 60 });
  const { token } = await body();
  // Anything this API did not issue is refused here, before any object is called.
  const parsed = await parseSignInToken(rc.env.ROUTING_SECRET, token);
  if (!parsed) throw invalidLink();
  // Always a new session id at sign-in (never one the browser brought along), naming the
  // token's account so every later call finds the account object from the cookie alone.
  const sessionId = await newSessionId(rc.env.ROUTING_SECRET, parsed.accountId);
  const redeemed = await accountObject(rc, parsed.accountId, "once").redeemSignInToken({
    tokenHash: await hashSecret(token),
    sessionHash: await hashSecret(sessionId),
    requestId: rc.requestId,
  });
  if (!redeemed.ok) throw invalidLink();
  const maxAge = (redeemed.session.absoluteExpiresAt - Date.now()) / 1000;
  return {
    status: 200,
    body: { ok: true, account_id: redeemed.accountId, email: redeemed.email },
    headers: { "set-cookie": sessionCookie(rc.env, sessionId, maxAge) },
  };
});
