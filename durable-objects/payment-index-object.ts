/**
 * One object per Stripe payment intent: which account it belongs to, and the events
 * that arrived before anyone knew.
 *
 * Refund and dispute events name a payment intent, not an account, and Stripe may send
 * them before the checkout event that tells us the account. The checkout path claims
 * the payment intent for its account; the refund path asks where to go. Both are
 * serialized by this object, so an early event is either routed or parked — never lost
 * — and parked events are handed back to the checkout path until it confirms them.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../src/core/env";
import type { StripeEffect } from "./types";

export type RouteResult = { accountId: string } | { parked: true };

export class PaymentIndexObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    // Schema v1, created synchronously; CREATE IF NOT EXISTS keeps it idempotent.
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS owner (id INTEGER PRIMARY KEY CHECK (id = 1), account_id TEXT NOT NULL, claimed_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS parked (event_id TEXT PRIMARY KEY NOT NULL, effect TEXT NOT NULL, parked_at TEXT NOT NULL);
    `);
  }

  /** The first claim wins; later claims learn the owner. Returns events waiting for it. */
  claim(input: { accountId: string }): { accountId: string; parked: StripeEffect[] } {
    return this.ctx.storage.transactionSync(() => {
      const owner = this.owner() ?? input.accountId;
      this.sql.exec("INSERT INTO owner (id, account_id, claimed_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING", owner, new Date().toISOString());
      const parked = this.sql
        .exec<{ effect: string }>("SELECT effect FROM parked ORDER BY parked_at, event_id")
        .toArray()
        .map((r) => JSON.parse(r.effect) as StripeEffect);
      return { accountId: owner, parked };
    });
  }

  /**
   * The account a checkout of this payment intent was applied to, if any: a redelivered
   * checkout (or the payment of a pending one) goes back there, even if the buyer's email
   * has moved to another account since (src/stripe/apply-event.ts).
   */
  claimedBy(): { accountId: string | null } {
    return { accountId: this.owner() };
  }

  route(input: { effect: StripeEffect }): RouteResult {
    return this.ctx.storage.transactionSync(() => {
      const owner = this.owner();
      if (owner) return { accountId: owner };
      this.sql.exec(
        "INSERT INTO parked (event_id, effect, parked_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
        input.effect.eventId,
        JSON.stringify(input.effect),
        new Date().toISOString(),
      );
      return { parked: true as const };
    });
  }

  /** Drops parked events once their account has applied them. */
  release(input: { eventIds: string[] }): { released: number } {
    let released = 0;
    this.ctx.storage.transactionSync(() => {
      for (const id of input.eventIds) released += this.sql.exec("DELETE FROM parked WHERE event_id = ?", id).rowsWritten;
    });
    return { released };
  }

  private owner(): string | null {
    return this.sql.exec<{ account_id: string }>("SELECT account_id FROM owner WHERE id = 1").toArray()[0]?.account_id ?? null;
  }
}
