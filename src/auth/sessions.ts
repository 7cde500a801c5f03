/**
 * Sessions: the random id lives only in the customer's cookie; KV maps its SHA-256 to
 * the account (the fast path that finds the right account object); the account object
 * decides whether the session is still good, so a logout counts at once even where a
 * KV copy lingers. KV failing here fails closed: 503, never a guess.
 */
import { callAccount } from "../accounts/account-client";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { hashSecret } from "./secrets";
import { readSessionId } from "./session-cookie";

export interface ActiveSession {
  accountId: string;
  email: string;
  sessionHash: string;
}

const kvKey = (hash: string) => `session:${hash}`;

export async function storeSession(rc: RequestContext, sessionHash: string, accountId: string, absoluteExpiresAt: number): Promise<void> {
  const ttl = Math.max(60, Math.ceil((absoluteExpiresAt - Date.now()) / 1000));
  try {
    await rc.env.KV.put(kvKey(sessionHash), JSON.stringify({ account_id: accountId }), { expirationTtl: ttl });
  } catch {
    throw new ApiError("UNAVAILABLE", { message: "Sign-in is unavailable right now. Try again in a moment." });
  }
}

export async function forgetSession(rc: RequestContext, sessionHash: string): Promise<void> {
  // Best effort: the account object already refuses the session.
  await rc.env.KV.delete(kvKey(sessionHash)).catch(() => {});
}

/**
 * Which account a session cookie points at, from KV alone: for calls that pass the
 * session hash on to the account object, which checks it as part of answering.
 */
export async function sessionAccount(request: Request, rc: RequestContext): Promise<{ accountId: string; sessionHash: string }> {
  const sessionId = readSessionId(request, rc.env);
  if (!sessionId) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  const sessionHash = await hashSecret(sessionId);
  const accountId = await lookup(rc, sessionHash);
  if (!accountId) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return { accountId, sessionHash };
}

async function lookup(rc: RequestContext, sessionHash: string): Promise<string | null> {
  let stored: string | null;
  try {
    stored = await rc.env.KV.get(kvKey(sessionHash));
  } catch {
    throw new ApiError("UNAVAILABLE", { message: "Sign-in is unavailable right now. Try again in a moment." });
  }
  return stored ? (JSON.parse(stored) as { account_id: string }).account_id : null;
}

/** The account a request's session cookie belongs to, or null (no cookie, unknown, ended). */
export async function findSession(request: Request, rc: RequestContext): Promise<ActiveSession | null> {
  const sessionId = readSessionId(request, rc.env);
  if (!sessionId) return null;
  const sessionHash = await hashSecret(sessionId);
  const accountId = await lookup(rc, sessionHash);
  if (!accountId) return null;
  const check = await callAccount(rc.env, accountId, "checkSession", { sessionHash }, { idempotent: true, requestId: rc.requestId });
  return check.ok ? { accountId, email: check.email, sessionHash } : null;
}

export async function requireSession(request: Request, rc: RequestContext): Promise<ActiveSession> {
  const session = await findSession(request, rc);
  if (!session) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return session;
}
