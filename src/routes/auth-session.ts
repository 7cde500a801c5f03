import { accountObject } from "../accounts/objects";
import { hashSecret, newSessionId, parseSignInToken } from "../auth/secrets";
import { clearedSessionCookie, sessionCookie } from "../auth/session-cookie";
import { sessionRef } from "../auth/sessions";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { assertPortalOrigin } from "../http/origin-check";
import { clientIp, json } from "../http/respond";
import { SessionRequest } from "../schemas/portal";
import { enforce } from "../throttle/limits";

const invalidLink = () => new ApiError("UNAUTHORIZED", { message: "This sign-in link is invalid, already used or expired. Request a new one." });

/**
 * POST /v1/auth/session { token } → 200 and a fresh session cookie. The account object
 * consumes the token (once, ever) and records the session in the same transaction;
 * nothing else is written anywhere.
 */
export async function createSession(request: Request, rc: RequestContext): Promise<Response> {
  assertPortalOrigin(request, rc.env);
  await enforce(rc, { scope: "sign-in-ip", subject: clientIp(request), limit: 30, windowSeconds: 60 });
  const body = await readJsonBody(request, SessionRequest);
  // Anything this API did not issue is refused here, before any object is called.
  const parsed = await parseSignInToken(rc.env.ROUTING_SECRET, body.token);
  if (!parsed) throw invalidLink();

  // Always a new session id at sign-in (never one the browser brought along), naming the
  // token's account so every later call finds the account object from the cookie alone.
  const sessionId = await newSessionId(rc.env.ROUTING_SECRET, parsed.accountId);
  const redeemed = await accountObject(rc, parsed.accountId, "once").redeemSignInToken({ tokenHash: await hashSecret(body.token), sessionHash: await hashSecret(sessionId), requestId: rc.requestId });
  if (!redeemed.ok) throw invalidLink();
  const maxAge = (redeemed.session.absoluteExpiresAt - Date.now()) / 1000;
  return json({ ok: true, account_id: redeemed.accountId, email: redeemed.email }, 200, { "set-cookie": sessionCookie(rc.env, sessionId, maxAge) });
}

/**
 * POST /v1/auth/logout → 204 only once the account object has ended the session, so the
 * old cookie never works again. If the object cannot be reached the answer is 503 and
 * the cookie is kept, so the person can simply retry. A cookie that is missing or not
 * one of ours opens nothing: clearing it is all there is to do.
 */
export async function logout(request: Request, rc: RequestContext): Promise<Response> {
  assertPortalOrigin(request, rc.env);
  const session = await sessionRef(request, rc);
  if (session) {
    await accountObject(rc, session.accountId, "retry").endSession({ sessionHash: session.sessionHash, requestId: rc.requestId });
  }
  return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(rc.env), "cache-control": "no-store" } });
}
