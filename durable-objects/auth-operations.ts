/**
 * Portal sign-in, decided by the account object: a sign-in token works once, ever, and
 * a session ends the moment it is ended — whatever a KV copy elsewhere still says.
 * Only SHA-256 hashes of tokens and session ids reach this object.
 */
import type { AccountStore } from "./account-store";
import { emailService } from "./email-routes";
import { LINK_HISTORY_MS, mayIssueLink, type LinkRule } from "./sign-in-link-rules";
import type { Actor, CallContext } from "./types";

export const SIGN_IN_TOKEN_TTL_MS = 15 * 60 * 1000;
/** A session lasts a week past its last use, and never more than 30 days. */
export const SESSION_IDLE_MS = 7 * 24 * 3600 * 1000;
export const SESSION_MAX_MS = 30 * 24 * 3600 * 1000;
/** Sliding expiry is written at most once a minute per session. */
const SLIDE_RESOLUTION_MS = 60 * 1000;
/**
 * Expired tokens and sessions are kept a day (for the record, and because the sending
 * limits count a day of links: this must stay ≥ LINK_HISTORY_MS), then pruned.
 */
const PRUNE_AFTER_MS = 24 * 3600 * 1000;

export interface SessionState {
  expiresAt: number;
  absoluteExpiresAt: number;
}

export interface IssueInput {
  tokenHash: string;
  /**
   * The email a customer asked a link for: it must still be this account's (an alias
   * sends the caller on to the account that has it). Support's links name the account.
   */
  email?: string | undefined;
  requestId: string | null;
  /** Who asked (a keyed tag of their network): a customer's request is limited by it. */
  requester?: string | undefined;
  /** Set when support sends the link: not limited, and audited with the reason. */
  actor?: Actor | undefined;
  reason?: string | undefined;
}

export type IssueResult =
  | { ok: true; email: string; expiresAt: number }
  | { ok: false; code: "NO_ACCOUNT" }
  | { ok: false; code: "NOT_SENT"; rule: LinkRule }
  | { ok: false; code: "EMAIL_ROUTED"; accountId: string };
export type RedeemResult = { ok: true; accountId: string; email: string; session: SessionState } | { ok: false; code: "INVALID_TOKEN" };
export type SessionCheck = { ok: true; accountId: string; email: string; session: SessionState } | { ok: false; code: "INVALID_SESSION" };

const customer = (email: string, requestId: string | null): CallContext => ({ actor: { type: "customer", id: email }, requestId });

export function issueSignInToken(store: AccountStore, input: IssueInput, nowMs: number): IssueResult {
  if (input.email !== undefined) {
    const service = emailService(store, input.email);
    if (service.kind === "routed") return { ok: false, code: "EMAIL_ROUTED", accountId: service.accountId };
    // An email this account no longer has (or never had) has no account here.
    if (service.kind !== "self") return { ok: false, code: "NO_ACCOUNT" };
  }
  const account = store.account();
  if (!account) return { ok: false, code: "NO_ACCOUNT" };
  // A customer's request is limited (nothing is written when it is not sent); support's is not.
  const requester = input.actor ? null : (input.requester ?? "unknown");
  if (requester !== null) {
    const decision = mayIssueLink(store.auth.linksIssuedSince(nowMs - LINK_HISTORY_MS), requester, nowMs);
    if (!decision.send) return { ok: false, code: "NOT_SENT", rule: decision.rule };
  }
  const expiresAt = nowMs + SIGN_IN_TOKEN_TTL_MS;
  store.auth.insertToken(input.tokenHash, nowMs, expiresAt, requester);
  store.auth.prune(nowMs - PRUNE_AFTER_MS);
  // Requested by the customer, or sent by support on their behalf (with the reason).
  const context = input.actor ? { actor: input.actor, requestId: input.requestId } : customer(account.email, input.requestId);
  store.change(nowMs, context, account.id).audit(
    "auth.magic_link_sent",
    { type: "account", id: account.id },
    {
      expires_at: new Date(expiresAt).toISOString(),
      ...(input.reason ? { reason: input.reason } : {}),
    },
  );
  return { ok: true, email: account.email, expiresAt };
}

export function redeemSignInToken(
  store: AccountStore,
  input: { tokenHash: string; sessionHash: string; requestId: string | null },
  nowMs: number,
): RedeemResult {
  const account = store.account();
  if (!account) return { ok: false, code: "INVALID_TOKEN" };
  const token = store.auth.token(input.tokenHash);
  if (!token || token.consumed_at !== null || token.retired_at !== null || token.expires_at <= nowMs) {
    // Failed attempts against a real account are part of its history (and of abuse reviews).
    const reason = !token
      ? "unknown"
      : token.consumed_at !== null
        ? "already_used"
        : token.retired_at !== null
          ? (token.retired_reason ?? "superseded")
          : "expired";
    store
      .change(nowMs, { actor: { type: "system", id: "sign-in" }, requestId: input.requestId }, account.id)
      .audit("auth.login_failed", { type: "account", id: account.id }, { reason });
    return { ok: false, code: "INVALID_TOKEN" };
  }
  store.auth.consumeToken(input.tokenHash, nowMs);
  // Signing in retires every other outstanding link: the mailbox holds no working link
  // once the person is in. Issuing a link retires nothing, or anyone who knows the
  // address could kill the owner's link just by asking for another.
  store.auth.retireOtherTokens(input.tokenHash, nowMs);
  const session = { expiresAt: nowMs + SESSION_IDLE_MS, absoluteExpiresAt: nowMs + SESSION_MAX_MS };
  store.auth.insertSession(input.sessionHash, nowMs, session.expiresAt, session.absoluteExpiresAt);
  store.change(nowMs, customer(account.email, input.requestId), account.id).audit("auth.login", { type: "account", id: account.id }, { method: "magic_link" });
  return { ok: true, accountId: account.id, email: account.email, session };
}

export function checkSession(store: AccountStore, input: { sessionHash: string }, nowMs: number): SessionCheck {
  const account = store.account();
  const row = store.auth.session(input.sessionHash);
  if (!account || !row || row.revoked_at !== null || row.expires_at <= nowMs || row.absolute_expires_at <= nowMs) {
    return { ok: false, code: "INVALID_SESSION" };
  }
  let expiresAt = row.expires_at;
  if (nowMs - row.last_seen_at >= SLIDE_RESOLUTION_MS) {
    expiresAt = Math.min(nowMs + SESSION_IDLE_MS, row.absolute_expires_at);
    store.auth.slideSession(input.sessionHash, nowMs, expiresAt);
  }
  return { ok: true, accountId: account.id, email: account.email, session: { expiresAt, absoluteExpiresAt: row.absolute_expires_at } };
}

export function endSession(store: AccountStore, input: { sessionHash: string; requestId: string | null }, nowMs: number): { ok: true; ended: boolean } {
  const account = store.account();
  const row = store.auth.session(input.sessionHash);
  if (!account || !row || row.revoked_at !== null) return { ok: true, ended: false };
  store.auth.revokeSession(input.sessionHash, nowMs);
  store.change(nowMs, customer(account.email, input.requestId), account.id).audit("auth.logout", { type: "account", id: account.id }, {});
  return { ok: true, ended: true };
}
