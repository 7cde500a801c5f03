/**
 * What the portal routes share: the signed-in account's view, which the account object
 * returns only after checking the session in the same step.
 */
import { accountObject } from "../../accounts/objects";
import { sessionAccount } from "../../auth/sessions";
import { ApiError } from "../../errors/api-error";
import type { RequestContext } from "../../http/context";

export async function portalView(request: Request, rc: RequestContext) {
  const session = await sessionAccount(request, rc);
  const result = await accountObject(rc, session.accountId, "retry").portalView({ sessionHash: session.sessionHash });
  if (!result.ok) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return result;
}
