import { accountObject } from "../../accounts/objects";
import { clearedSessionCookie } from "../../auth/session-cookie";
import { sessionRef } from "../../auth/sessions";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";

/**
 * 204 only once the account object has ended the session, so the old cookie never
 * works again. If the object cannot be reached the answer is 503 and the cookie is kept,
 * so the person can simply retry. A cookie that is missing or not one of ours opens
 * nothing: clearing it is all there is to do.
 */
export const logout = defineRoute({
  method: "POST",
  path: "/v1/auth/logout",
  tag: "Portal auth",
  summary: "Sign out",
  description: "The session is dead on the server at once; 503 (cookie kept) if that cannot be made true.",
  auth: "session",
  responses: { 204: { description: "Signed out." } },
  errors: ["FORBIDDEN", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => {
  assertPortalOrigin(request, rc.env);
  const session = await sessionRef(request, rc);
  if (session) await accountObject(rc, session.accountId, "retry").endSession({ sessionHash: session.sessionHash, requestId: rc.requestId });
  return { raw: new Response(null, { status: 204, headers: { "set-cookie": clearedSessionCookie(rc.env), "cache-control": "no-store" } }) };
});
