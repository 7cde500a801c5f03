/**
 * Every email → account resolution (sign-in links, checkouts, dev grants) goes through
 * here, so each honours email changes the same way, without D1 on the path.
 *
 * The call goes first to the email's home object (the id derived from it): for an
 * account that never changed its email, the only hop, exactly as before. The object
 * checks, inside the decision itself, that its account has the email
 * (durable-objects/email-routes.ts), and otherwise answers where to go instead:
 * - EMAIL_ROUTED: an alias names the account that has the email now; the call goes there,
 *   and that account checks again (an alias is a hint; the account is the authority).
 * - EMAIL_MOVED: the account there has another email now. A lookup ends (no account); a
 *   purchase or grant gets a new account for the email, allocated by the email's home
 *   so that two first purchases at once get the same one.
 */
import type { EmailElsewhere } from "../../durable-objects/email-routes";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { accountIdForEmail, newAccountId } from "./account-id";
import { accountObject } from "./objects";

/** Home, alias target, and (after an allocation) the new account: never more. */
const MAX_HOPS = 4;

function isElsewhere(result: unknown): result is EmailElsewhere {
  const code = (result as { code?: unknown }).code;
  return (result as { ok?: unknown }).ok === false && (code === "EMAIL_ROUTED" || code === "EMAIL_MOVED");
}

/**
 * Runs `call` at the account that has `email` now. `create`: a new account may be made
 * for the email (a purchase, a grant) — otherwise null when no account has it.
 */
export async function atEmailAccount<R>(
  rc: RequestContext,
  email: string,
  options: { create: boolean },
  call: (accountId: string) => Promise<R | EmailElsewhere>,
): Promise<{ accountId: string; result: R } | null> {
  const home = await accountIdForEmail(rc.env.ROUTING_SECRET, email);
  let target = home;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    const result = await call(target);
    if (!isElsewhere(result)) return { accountId: target, result };
    if (result.code === "EMAIL_ROUTED") {
      target = result.accountId;
      continue;
    }
    if (!options.create) return null;
    const allocated = await accountObject(rc, home, "retry").allocateEmailAccount({
      email,
      homeId: home,
      candidateId: newAccountId(),
      replace: target === home ? null : target,
    });
    // An email change to this address is landing right now: Stripe (or the caller) retries.
    if (!allocated.ok)
      throw new ApiError("UNAVAILABLE", { message: "This email's account is changing right now; retry shortly.", headers: { "retry-after": "5" } });
    target = allocated.accountId;
  }
  throw new ApiError("UNAVAILABLE", { message: "This email's account could not be resolved; retry shortly." });
}
