/**
 * Which account an email reaches, as far as this object can tell (storage step v10).
 *
 * Account ids are derived from the email (src/accounts/account-id.ts), so an email's
 * *home* object is fixed forever. When support changes an account's email, the new
 * email's home gets an alias row pointing at the account that now has it; the old email
 * simply stops matching that account's row (its home, if it was the account itself, now
 * "moved"). Every email-addressed decision (a sign-in link, a grant, a checkout) first
 * asks emailService() with the email it was addressed by, in the same transaction as the
 * decision itself — so no decision can act for an email this account no longer has.
 *
 * An object only ever holds an alias for its own home email; the account an alias names
 * is the authority on whether it still has that email (an alias is never chased further).
 */
import type { AccountStore } from "./account-store";

export interface EmailRoute {
  email: string;
  account_id: string;
  /** When the alias was written (ms): a fresh one is settling, see ALIAS_SETTLE_MS. */
  claimed_at: number;
}

/**
 * How long a fresh alias cannot be replaced, though the account it names does not (yet)
 * have the email: the time between support's claim and the account's change. The change
 * itself must land within ALIAS_COMMIT_MS of the claim, well inside this window.
 */
export const ALIAS_SETTLE_MS = 2 * 60 * 1000;
export const ALIAS_COMMIT_MS = 60 * 1000;

export class EmailRouteStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly beginWrite: () => void,
  ) {}

  route(email: string): EmailRoute | null {
    return (this.sql.exec("SELECT * FROM email_routes WHERE email = ?", email).toArray()[0] as unknown as EmailRoute | undefined) ?? null;
  }

  put(email: string, accountId: string, at: number): void {
    this.beginWrite();
    this.sql.exec(
      "INSERT INTO email_routes (email, account_id, claimed_at) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET account_id = excluded.account_id, claimed_at = excluded.claimed_at",
      email,
      accountId,
      at,
    );
  }

  remove(email: string): void {
    this.beginWrite();
    this.sql.exec("DELETE FROM email_routes WHERE email = ?", email);
  }
}

export const settling = (route: EmailRoute, nowMs: number): boolean => nowMs - route.claimed_at < ALIAS_SETTLE_MS;

/**
 * - `self`: this object's account has the email: act here.
 * - `free`: no account here and no alias: an account for the email may be created here.
 * - `routed`: an alias: the email belongs (or was allocated) to another account.
 * - `moved`: this object's account has another email now, and the email has no alias here.
 */
export type EmailService = { kind: "self" } | { kind: "free" } | { kind: "routed"; accountId: string } | { kind: "moved" };

export function emailService(store: AccountStore, email: string): EmailService {
  const alias = store.emailRoutes.route(email);
  if (alias) return { kind: "routed", accountId: alias.account_id };
  const account = store.account();
  if (!account) return { kind: "free" };
  return account.email === email ? { kind: "self" } : { kind: "moved" };
}

/** What an email-addressed decision answers when the email is not this account's. */
export type EmailElsewhere = { ok: false; code: "EMAIL_ROUTED"; accountId: string } | { ok: false; code: "EMAIL_MOVED" };

/** Null when the decision may go on here (self, or free when it may create the account). */
export function elsewhere(service: EmailService): EmailElsewhere | null {
  if (service.kind === "routed") return { ok: false, code: "EMAIL_ROUTED", accountId: service.accountId };
  if (service.kind === "moved") return { ok: false, code: "EMAIL_MOVED" };
  return null;
}
