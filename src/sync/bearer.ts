/**
 * Who is calling a desktop sync route: the machine its license token names. The Worker
 * checks what the token alone can tell (signature, `aud`, `iss`, `exp`) and routes by
 * its `acc` claim, with no D1 or KV read; the account object then checks, in memory,
 * that the activation still holds a seat on an active license (its answer is the
 * `unauthorized` of each object call). Every refusal is the same 401 UNAUTHORIZED, so a
 * client's one reaction — validate for a fresh token, then retry once — fits them all.
 */
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { accountPartOf } from "../license/license-key";
import { enforce, ipRule } from "../throttle/limits";
import { type BearerClaims, verifyBearerToken } from "../tokens/verify-token";

const REFUSALS = {
  missing: "Send this machine's license token as Authorization: Bearer <token>.",
  invalid: "The license token is not valid.",
  expired: "The license token has expired. Validate the license to get a fresh one.",
  stale: "This license token was issued before sync existed. Validate the license to get a fresh one.",
  seat: "This machine no longer holds a seat on an active license.",
} as const;

export function unauthorized(reason: keyof typeof REFUSALS): ApiError {
  return new ApiError("UNAUTHORIZED", { message: REFUSALS[reason], details: { reason } });
}

/** The bearer of a sync call, throttled per address before any crypto and per machine after. */
export async function syncCaller(request: Request, rc: RequestContext): Promise<BearerClaims> {
  await enforce(rc, ipRule(rc.env, request));
  const token = /^Bearer[ ]+([A-Za-z0-9_.-]+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!token) throw unauthorized("missing");
  const verdict = await verifyBearerToken(rc.env, token);
  if (!verdict.ok) throw unauthorized(verdict.reason);
  // Signed by us, so well-formed; checked anyway before it names an object.
  if (!accountPartOf(verdict.claims.accountId)) throw unauthorized("invalid");
  await enforce(rc, syncRule(rc.env, verdict.claims.activationId));
  return verdict.claims;
}

/** Per machine, as generous as the per-license rule of the licensing calls. */
function syncRule(env: RequestContext["env"], activationId: string) {
  const configured = Number(env.THROTTLE_LICENSE_PER_MINUTE);
  return { scope: "sync", subject: activationId, limit: Number.isInteger(configured) && configured > 0 ? configured : 120, windowSeconds: 60 };
}

/** What the account object needs of the caller. */
export const callerOf = (claims: BearerClaims) => ({ licenseId: claims.licenseId, activationId: claims.activationId, fingerprintHash: claims.fingerprintHash });
