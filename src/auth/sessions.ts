/**
 * Portal sessions. The session id in the cookie names its account and carries a keyed
 * check tag (src/auth/secrets.ts), so the Worker finds the account object from the
 * cookie alone; the object holds the session (by SHA-256) and decides on every call.
 * Nothing about sessions is kept in KV: there is no copy that could outlive a logout,
 * and no store between a person and their sign-out that could fail.
 */
import { accountObject } from "../accounts/objects";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { hashSecret, parseSessionId } from "./secrets";
import { readSessionId } from "./session-cookie";

export interface SessionRef {
  accountId: string;
  sessionHash: string;
}

export interface ActiveSession extends SessionRef {
  email: string;
}

const signIn = () => new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });

/**
 * The account and session hash a request's cookie names, or null when there is no
 * cookie or it is not one this API issued (checked without any I/O). Says nothing about
 * whether the session is still good: only the account object knows that.
 */
export async function sessionRef(request: Request, rc: RequestContext): Promise<SessionRef | null> {
  const sessionId = readSessionId(request, rc.env);
  if (!sessionId) return null;
  const parsed = await parseSessionId(rc.env.ROUTING_SECRET, sessionId);
  return parsed ? { accountId: parsed.accountId, sessionHash: await hashSecret(sessionId) } : null;
}

/** For calls that pass the session hash on to the account object, which checks it as part of answering. */
export async function sessionAccount(request: Request, rc: RequestContext): Promise<SessionRef> {
  const ref = await sessionRef(request, rc);
  if (!ref) throw signIn();
  return ref;
}

/** The session a request's cookie belongs to, or null (no cookie, not ours, ended or expired). */
export async function findSession(request: Request, rc: RequestContext): Promise<ActiveSession | null> {
  const ref = await sessionRef(request, rc);
  if (!ref) return null;
  const check = await accountObject(rc, ref.accountId, "retry").checkSession({ sessionHash: ref.sessionHash });
  return check.ok ? { ...ref, email: check.email } : null;
}

export async function requireSession(request: Request, rc: RequestContext): Promise<ActiveSession> {
  const session = await findSession(request, rc);
  if (!session) throw signIn();
  return session;
}
