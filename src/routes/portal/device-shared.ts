/**
 * What the portal's desktop sign-in routes share: a signed-in customer, and a code that
 * is either found or counted as a wrong guess. Wrong codes are limited per address and
 * per session (API.md: 10 per 15 minutes); every attempt is checked against the limit
 * first, and only a wrong one counts, so a guesser past the limit learns nothing more.
 */
import { deviceAuthorization } from "../../accounts/objects";
import { requireSession, type ActiveSession } from "../../auth/sessions";
import { normalizeUserCode } from "../../core/user-code";
import { ApiError } from "../../errors/api-error";
import type { RequestContext } from "../../http/context";
import { countFailure, enforceBeforeAttempt, wrongUserCodeRules } from "../../throttle/limits";

export interface CodeEntry {
  session: ActiveSession;
  /** Canonical 8 letters. */
  userCode: string;
  /** The code's object: "retry" for reads, "once" for decisions. */
  device(policy: "retry" | "once"): ReturnType<typeof deviceAuthorization>;
  /** Counts this entry as a wrong code and answers 404. */
  wrong(): Promise<never>;
}

export async function enterCode(request: Request, rc: RequestContext, typed: string | undefined): Promise<CodeEntry> {
  const session = await requireSession(request, rc);
  const rules = wrongUserCodeRules(request, session.sessionHash);
  for (const rule of rules) await enforceBeforeAttempt(rc, rule);
  const wrong = async (): Promise<never> => {
    for (const rule of rules) await countFailure(rc, rule);
    throw new ApiError("NOT_FOUND", { message: "No sign-in is waiting for this code. Check the code the app shows; codes expire after 10 minutes." });
  };
  const userCode = normalizeUserCode(decoded(typed ?? ""));
  if (!userCode) return wrong();
  return { session, userCode, device: (policy) => deviceAuthorization(rc, userCode, policy), wrong };
}

/** The path segment as typed (`bcdf%20ghjk` too); a malformed escape is just a wrong code. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return "";
  }
}
