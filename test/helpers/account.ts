/** Reaching into an account object and the D1 mirror, for assertions. */
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import type { AccountObject } from "../../durable-objects/account-object";

export function accountStub(accountId: string): DurableObjectStub<AccountObject> {
  return env.ACCOUNT.getByName(accountId);
}

export type Rows = Record<string, unknown>[];

export interface Mirror {
  accounts: Rows;
  licenses: Rows;
  machines: Rows;
  purchases: Rows;
}

/** The object's own rows, in D1's table names, sorted by id. */
export function objectRows(accountId: string): Promise<Mirror> {
  return runInDurableObject(accountStub(accountId), (_instance, state) => {
    const all = (sql: string) => state.storage.sql.exec(sql).toArray() as Rows;
    return {
      accounts: all("SELECT * FROM account ORDER BY id"),
      licenses: all("SELECT * FROM licenses ORDER BY id"),
      machines: all("SELECT * FROM machines ORDER BY id"),
      purchases: all("SELECT * FROM purchases ORDER BY id"),
    };
  });
}

export async function d1Rows(accountId: string): Promise<Mirror> {
  const all = async (sql: string) => (await env.DB.prepare(sql).bind(accountId).all()).results as Rows;
  return {
    accounts: await all("SELECT * FROM accounts WHERE id = ? ORDER BY id"),
    licenses: await all("SELECT * FROM licenses WHERE account_id = ? ORDER BY id"),
    machines: await all("SELECT * FROM machines WHERE account_id = ? ORDER BY id"),
    purchases: await all("SELECT * FROM purchases WHERE account_id = ? ORDER BY id"),
  };
}

export function outboxSize(accountId: string): Promise<number> {
  return runInDurableObject(accountStub(accountId), (_i, state) => Number(state.storage.sql.exec("SELECT COUNT(*) AS n FROM outbox").one().n));
}

export function alarmAt(accountId: string): Promise<number | null> {
  return runInDurableObject(accountStub(accountId), (_i, state) => state.storage.getAlarm());
}

/** Swaps the object's D1 binding (for fault injection); the next instance gets the real one back. */
export function setObjectDatabase(accountId: string, db: D1Database): Promise<void> {
  return runInDurableObject(accountStub(accountId), (instance) => {
    const self = instance as unknown as { env: Cloudflare.Env };
    self.env = { ...self.env, DB: db };
  });
}

export async function auditEvents(accountId: string): Promise<Rows> {
  return (await env.DB.prepare("SELECT * FROM audit_events WHERE account_id = ? ORDER BY at, id").bind(accountId).all()).results as Rows;
}

const DAY_MS = 86_400_000;

/**
 * Moves time back for an account, behind the object's back (the seat policies count
 * days): machines last seen `days` ago, and every recorded swap `swapDaysAgo` earlier.
 */
export function backdate(accountId: string, change: { machines?: Record<string, number>; swapsByDays?: number }): Promise<void> {
  return runInDurableObject(accountStub(accountId), (instance, state) => {
    for (const [id, days] of Object.entries(change.machines ?? {})) {
      state.storage.sql.exec("UPDATE machines SET last_seen_at = ? WHERE id = ?", new Date(Date.now() - days * DAY_MS).toISOString(), id);
    }
    if (change.swapsByDays) state.storage.sql.exec("UPDATE machine_swaps SET at = at - ?", change.swapsByDays * DAY_MS);
    // Edited behind the object's back: make it reload its in-memory view.
    (instance as unknown as { store: { invalidate(): void } }).store.invalidate();
  });
}
