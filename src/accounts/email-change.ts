/**
 * Support changes an account's email (POST /v1/admin/accounts/{id}/email): the steps of
 * durable-objects/email-operations.ts, in order, across the objects involved.
 *
 * - The new email's home (the object it derives to) gets an alias to the account —
 *   unless the email has an account of its own: EMAIL_IN_USE. An alias there naming
 *   another account counts only while that account still has the email (asked here).
 * - Then the account takes the email; the old one stops reaching it at that moment.
 * - When the new email is the one the account was created with, its home is the account
 *   itself and both happen in one transaction there.
 */
import type { Actor } from "../core/views";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { accountIdForEmail } from "./account-id";
import { accountObject } from "./objects";

export interface EmailChanged {
  changed: boolean;
  from: string;
  to: string;
  sessionsEnded: number;
}

/** A claim can be lost to a concurrent change, or time out once; more is a real problem. */
const ATTEMPTS = 3;

const inUse = () => new ApiError("EMAIL_IN_USE", { message: "Another account already has this email. Change or merge that one first." });

export async function changeAccountEmail(rc: RequestContext, input: { accountId: string; email: string; reason: string; actor: Actor }): Promise<EmailChanged> {
  const account = accountObject(rc, input.accountId, "once");
  const current = (await accountObject(rc, input.accountId, "retry").snapshot()).account;
  if (!current) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  if (current.email === input.email) return { changed: false, from: current.email, to: input.email, sessionsEnded: 0 };

  const home = await accountIdForEmail(rc.env.ROUTING_SECRET, input.email);
  const change = { email: input.email, reason: input.reason, actor: input.actor, requestId: rc.requestId };
  /** Does the account an alias names still have the email? Then it is in use. */
  const stillHas = async (accountId: string) => (await accountObject(rc, accountId, "retry").emailStatus({ email: input.email })).has;

  let replace: string | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    let claimedAt: number | null = null;
    if (home !== input.accountId) {
      const claim = await accountObject(rc, home, "retry").claimEmail({ email: input.email, accountId: input.accountId, replace });
      if (!claim.ok && claim.code === "EMAIL_IN_USE") throw inUse();
      if (!claim.ok) {
        if (await stillHas(claim.accountId)) throw inUse();
        replace = claim.accountId;
        continue;
      }
      claimedAt = claim.claimedAt;
    }
    const result = await account.changeEmail({ ...change, claimedAt, replace: claimedAt === null ? replace : null });
    if (result.ok) return { changed: result.changed, from: result.from, to: result.to, sessionsEnded: result.sessionsEnded };
    if (result.code === "NOT_FOUND") throw new ApiError("NOT_FOUND", { message: "No account with this id." });
    if (result.code === "EMAIL_IN_USE") throw inUse();
    if (result.code === "EMAIL_ROUTED") {
      if (await stillHas(result.accountId)) throw inUse();
      replace = result.accountId;
    }
    // CLAIM_EXPIRED: claim again.
  }
  throw new ApiError("UNAVAILABLE", { message: "The email could not be changed right now; nothing was changed. Try again." });
}
