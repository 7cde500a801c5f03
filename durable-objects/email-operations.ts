/**
 * Changing an account's email (support: POST /v1/admin/accounts/{id}/email), decided by
 * the objects involved; src/accounts/email-change.ts runs the steps in order. See
 * email-routes.ts for what an alias is.
 *
 * 1. claimEmail, at the new email's home: writes the alias to the account, unless the
 *    email has an account of its own there, or an alias to another account that still
 *    has it (the Worker asks that account first, and passes it as `replace` only when
 *    it no longer does).
 * 2. changeEmail, at the account, within ALIAS_COMMIT_MS of the claim: the row's email
 *    changes (mirrored to D1), outstanding sign-in links are retired, portal sessions end.
 *
 * The old email needs no step: it stops matching the account's row at step 2.
 */
import type { AccountStore } from "./account-store";
import { ALIAS_COMMIT_MS, emailService, settling } from "./email-routes";
import type { CallContext } from "./types";

export type ClaimResult = { ok: true; claimedAt: number } | { ok: false; code: "EMAIL_IN_USE" } | { ok: false; code: "EMAIL_ROUTED"; accountId: string };

export function claimEmail(store: AccountStore, input: { email: string; accountId: string; replace: string | null }, nowMs: number): ClaimResult {
  const service = emailService(store, input.email);
  if (service.kind === "self") return { ok: false, code: "EMAIL_IN_USE" };
  if (service.kind === "routed" && service.accountId !== input.accountId) {
    const alias = store.emailRoutes.route(input.email)!;
    // Another account's alias stays unless the Worker found that account without the
    // email — and not while a change to it may still be landing.
    if (input.replace !== alias.account_id) return { ok: false, code: "EMAIL_ROUTED", accountId: alias.account_id };
    if (settling(alias, nowMs)) return { ok: false, code: "EMAIL_IN_USE" };
  }
  // Free, moved away, a stale alias, or this account's own claim again (a retry).
  store.emailRoutes.put(input.email, input.accountId, nowMs);
  return { ok: true, claimedAt: nowMs };
}

/** Whether this account has the email (or was allocated for it and is not created yet). */
export function emailStatus(store: AccountStore, input: { email: string }): { has: boolean } {
  const account = store.account();
  return { has: !account || account.email === input.email };
}

export type AllocateResult = { ok: true; accountId: string } | { ok: false; code: "BUSY" };

/**
 * A purchase or grant for an email whose home holds an account that moved away (or an
 * alias to one that did): the email gets an account of its own, at `candidateId`,
 * allocated here so that two first purchases at once get the same one.
 */
export function allocateEmailAccount(
  store: AccountStore,
  input: { email: string; homeId: string; candidateId: string; replace: string | null },
  nowMs: number,
): AllocateResult {
  const service = emailService(store, input.email);
  if (service.kind === "self" || service.kind === "free") return { ok: true, accountId: input.homeId };
  if (service.kind === "routed") {
    const alias = store.emailRoutes.route(input.email)!;
    // Someone re-pointed it since the caller looked: try that account first.
    if (alias.account_id !== input.replace) return { ok: true, accountId: alias.account_id };
    if (settling(alias, nowMs)) return { ok: false, code: "BUSY" };
  }
  store.emailRoutes.put(input.email, input.candidateId, nowMs);
  return { ok: true, accountId: input.candidateId };
}

export interface ChangeEmailInput extends CallContext {
  email: string;
  reason: string;
  /** When step 1 claimed the email elsewhere; null when this account is the email's home. */
  claimedAt: number | null;
  /** At the email's home: an alias to this account may be dropped (it no longer has the email). */
  replace: string | null;
}

export type ChangeEmailResult =
  | { ok: true; changed: boolean; from: string; to: string; endedSessions: string[] }
  | { ok: false; code: "NOT_FOUND" | "EMAIL_IN_USE" | "CLAIM_EXPIRED" }
  | { ok: false; code: "EMAIL_ROUTED"; accountId: string };

export function changeEmail(store: AccountStore, input: ChangeEmailInput, nowMs: number): ChangeEmailResult {
  const account = store.account();
  if (!account) return { ok: false, code: "NOT_FOUND" };
  if (account.email === input.email) return { ok: true, changed: false, from: account.email, to: input.email, endedSessions: [] };
  if (input.claimedAt === null) {
    // Back to the email this account was created with: any alias for it lives here.
    const alias = store.emailRoutes.route(input.email);
    if (alias) {
      if (input.replace !== alias.account_id) return { ok: false, code: "EMAIL_ROUTED", accountId: alias.account_id };
      if (settling(alias, nowMs)) return { ok: false, code: "EMAIL_IN_USE" };
      store.emailRoutes.remove(input.email);
    }
  } else if (nowMs - input.claimedAt > ALIAS_COMMIT_MS) {
    // Too late: the alias may have been replaced meanwhile. The caller claims again.
    return { ok: false, code: "CLAIM_EXPIRED" };
  }

  const change = store.change(nowMs, input, account.id);
  change.putAccount({ ...account, email: input.email, updated_at: change.at });
  // Links in the old mailbox must not open the account any more, and a session is proof
  // of the old mailbox only: the customer signs in again with the new address.
  const linksRetired = store.auth.retireAllTokens(nowMs, "email_changed");
  const endedSessions = store.auth.revokeAllSessions(nowMs);
  change.audit(
    "account.email_changed",
    { type: "account", id: account.id },
    { from: account.email, to: input.email, reason: input.reason, links_retired: linksRetired, sessions_ended: endedSessions.length },
  );
  return { ok: true, changed: true, from: account.email, to: input.email, endedSessions };
}
