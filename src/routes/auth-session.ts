import { callAccount } from "../accounts/account-client";
import { hashSecret, newSessionId, parseSignInToken } from "../auth/secrets";
import { clearedSessionCookie, readSessionId, sessionCookie } from "../auth/session-cookie";
import { forgetSession, storeSession } from "../auth/sessions";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { assertSameOrigin } from "../http/origin-check";
import { clientIp, json } from "../http/respond";
import { SessionRequest } from "../schemas/portal";
import { enforce } from "../throttle/limits";

const invalidLink = () => new ApiError("UNAUTHORIZED", { message: "This sign-in link is invalid, already used or expired. Request a new one." });

/**
 * POST /v1/auth/session { token } → 200 and a fresh session cookie. The account object
 * consumes the token (once, ever) and records the session in the same transaction.
 */
export async function createSession(request: Request, rc: RequestContext): Promise<Response> {
  assertSameOrigin(request, rc.env);
  await enforce(rc, { scope: "sign-in-ip", subject: clientIp(request), limit: 30, windowSeconds: 60 });
  const body = await readJsonBody(request, SessionRequest);
  // Anything this API did not issue is refused here, before any KV write or object call.
  const parsed = await parseSignInToken(rc.env.ROUTING_SECRET, body.token);
  if (!parsed) throw invalidLink();

  // Always a new session id at sign-in (never one the browser brought along).
  const sessionId = newSessionId();
  const sessionHash = await hashSecret(sessionId);
  // KV first: if it is down we answer 503 before the one-time token is spent.
  await storeSession(rc, sessionHash, parsed.accountId, Date.now() + 30 * 24 * 3600 * 1000);
  const redeemed = await callAccount(
    rc.env,
    parsed.accountId,
    "redeemSignInToken",
    { tokenHash: await hashSecret(body.token), sessionHash, requestId: rc.requestId },
    { idempotent: false, requestId: rc.requestId },
  );
  if (!redeemed.ok) {
    await forgetSession(rc, sessionHash);
    throw invalidLink();
  }
  const maxAge = (redeemed.session.absoluteExpiresAt - Date.now()) / 1000;
  return json({ ok: true, account_id: redeemed.accountId, email: redeemed.email }, 200, { "set-cookie": sessionCookie(rc.env, sessionId, maxAge) });
}

/** POST /v1/auth/logout → 204: the session is dead on the server at once. */
export async function logout(request: Request, rc: RequestContext): Promise<Response> {
  assertSameOrigin(request, rc.env);
  const sessionId = readSessionId(request, rc.env);
  if (sessionId) {
    const sessionHash = await hashSecret(sessionId);
    const stored = await rc.env.KV.get(`session:${sessionHash}`).catch(() => null);
    if (stored) {
      const { account_id: accountId } = JSON.parse(stored) as { account_id: string };
      await callAccount(rc.env, accountId, "endSession", { sessionHash, requestId: rc.requestId }, { idempotent: true, requestId: rc.requestId });
    }
    await forgetSession(rc, sessionHash);
  }
  return new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(rc.env), "cache-control": "no-store" } });
}
