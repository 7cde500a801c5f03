/**
 * Cross-account reads for support, with drizzle over D1 (the mirror the account objects
 * write through). Every query is served by an index; D1 failing is a clear 503.
 */
import { and, desc, eq, gte, inArray, lt } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { accounts, licenses, machines, purchases, type AccountRow, type LicenseRow } from "../core/db-schema";
import { log } from "../core/log";
import { purchaseView } from "../core/views";
import { ApiError } from "../errors/api-error";

async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof ApiError) throw err;
    log.error("admin_query_failed", { query: what, error: err });
    throw new ApiError("UNAVAILABLE", { cause: err });
  }
}

export interface AccountSummary {
  id: string;
  email: string;
  created_at: string;
  licenses: { id: string; status: string; seats: number; product: string }[];
}

async function withLicenses(database: D1Database, rows: AccountRow[]): Promise<AccountSummary[]> {
  if (rows.length === 0) return [];
  const owned = await drizzle(database)
    .select()
    .from(licenses)
    .where(
      inArray(
        licenses.account_id,
        rows.map((a) => a.id),
      ),
    );
  return rows.map((a) => ({
    id: a.id,
    email: a.email,
    created_at: a.created_at,
    licenses: owned.filter((l) => l.account_id === a.id).map((l) => ({ id: l.id, status: l.status, seats: l.seats, product: l.product_id })),
  }));
}

/** Accounts whose (normalized) email starts with `prefix`: an index range scan. */
export function accountsByEmailPrefix(database: D1Database, prefix: string, limit = 25): Promise<AccountSummary[]> {
  return guarded("accounts_by_email", async () => {
    const rows = await drizzle(database)
      .select()
      .from(accounts)
      .where(and(gte(accounts.email, prefix), lt(accounts.email, `${prefix}\uffff`)))
      .orderBy(accounts.email)
      .limit(limit);
    return withLicenses(database, rows);
  });
}

export function accountsByKeyHash(database: D1Database, keyHash: string): Promise<AccountSummary[]> {
  return guarded("accounts_by_key", async () => {
    const db = drizzle(database);
    const license = await db.select().from(licenses).where(eq(licenses.key_hash, keyHash)).limit(1);
    if (!license[0]) return [];
    return withLicenses(database, await db.select().from(accounts).where(eq(accounts.id, license[0].account_id)));
  });
}

export function licenseById(database: D1Database, licenseId: string): Promise<LicenseRow | null> {
  return guarded("license_by_id", async () => (await drizzle(database).select().from(licenses).where(eq(licenses.id, licenseId)).limit(1))[0] ?? null);
}

export function accountDetail(database: D1Database, accountId: string) {
  return guarded("account_detail", async () => {
    const db = drizzle(database);
    const [account] = await db.select().from(accounts).where(eq(accounts.id, accountId)).limit(1);
    if (!account) return null;
    const [owned, active, recent, bought] = await Promise.all([
      db.select().from(licenses).where(eq(licenses.account_id, accountId)),
      db
        .select()
        .from(machines)
        .where(and(eq(machines.account_id, accountId), eq(machines.status, "active")))
        .orderBy(desc(machines.activated_at)),
      db
        .select()
        .from(machines)
        .where(and(eq(machines.account_id, accountId), eq(machines.status, "deactivated")))
        .orderBy(desc(machines.deactivated_at))
        .limit(20),
      db.select().from(purchases).where(eq(purchases.account_id, accountId)).orderBy(desc(purchases.created_at)),
    ]);
    return {
      account: { id: account.id, email: account.email, created_at: account.created_at },
      licenses: owned.map((l) => ({
        id: l.id,
        product: l.product_id,
        status: l.status,
        seats: l.seats,
        seats_used: active.filter((m) => m.license_id === l.id).length,
        created_at: l.created_at,
      })),
      machines: active.map(machineView),
      recently_deactivated: recent.map(machineView),
      purchases: bought.map((p) => ({
        ...purchaseView(p),
        checkout_session_id: p.checkout_session_id,
        payment_intent_id: p.payment_intent_id,
      })),
    };
  });
}

function machineView(m: typeof machines.$inferSelect) {
  return {
    id: m.id,
    license_id: m.license_id,
    fingerprint: m.fingerprint,
    name: m.name,
    platform: m.platform,
    app_version: m.app_version,
    status: m.status,
    activated_at: m.activated_at,
    last_seen_at: m.last_seen_at,
    deactivated_at: m.deactivated_at,
  };
}
