/**
 * The account object's own SQLite schema, versioned. Applied synchronously (storage.sql
 * is synchronous), each step in its own transaction, so an object never serves a
 * request against a half-migrated schema: from the constructor for an object that has
 * storage, and for one that has none yet inside the transaction of its first write (see
 * AccountObject.commit), so that a name holding no account never gets storage.
 * Add a step to the end; never edit a shipped one.
 */
const STEPS: readonly string[] = [
  // v1
  `
  CREATE TABLE account (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rev INTEGER NOT NULL
  );
  CREATE TABLE licenses (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_ciphertext TEXT NOT NULL,
    status TEXT NOT NULL,
    seats INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rev INTEGER NOT NULL
  );
  CREATE TABLE machines (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    license_id TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    name TEXT,
    platform TEXT,
    app_version TEXT,
    status TEXT NOT NULL,
    activated_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    deactivated_at TEXT,
    rev INTEGER NOT NULL
  );
  -- The database itself refuses a second active seat for one fingerprint.
  CREATE UNIQUE INDEX machines_one_active_seat ON machines (license_id, fingerprint) WHERE status = 'active';
  CREATE INDEX machines_license_status ON machines (license_id, status);
  CREATE TABLE grants (
    id TEXT PRIMARY KEY NOT NULL,
    license_id TEXT NOT NULL,
    seats INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
  );
  INSERT INTO meta (key, value) VALUES ('rev', '0'), ('flush_failures', '0');
  `,
  // v2: purchases and what Stripe told us about them.
  `
  CREATE TABLE purchases (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    license_id TEXT,
    checkout_session_id TEXT UNIQUE,
    payment_intent_id TEXT,
    quantity INTEGER NOT NULL,
    seats INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    amount_refunded INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    rev INTEGER NOT NULL
  );
  CREATE INDEX purchases_payment_intent ON purchases (payment_intent_id);
  -- Each Stripe event id takes effect once.
  CREATE TABLE stripe_events (
    id TEXT PRIMARY KEY NOT NULL,
    type TEXT NOT NULL,
    applied_at TEXT NOT NULL
  );
  -- Disputes by id; a closed status is final, so 'created' arriving after 'closed' changes nothing.
  CREATE TABLE disputes (
    id TEXT PRIMARY KEY NOT NULL,
    purchase_id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- The license email of a purchase: sent at least once, recorded when confirmed.
  CREATE TABLE purchase_mail (
    purchase_id TEXT PRIMARY KEY NOT NULL,
    recipient TEXT NOT NULL,
    sent_at TEXT
  );
  `,
  // v3: portal sign-in. Only hashes of tokens and session ids are stored; this object
  // is the authority on whether one is still good (KV copies may be stale).
  `
  CREATE TABLE sign_in_tokens (
    hash TEXT PRIMARY KEY NOT NULL,
    expires_at INTEGER NOT NULL,
    consumed_at INTEGER
  );
  CREATE TABLE sessions (
    hash TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    absolute_expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  `,
  // v4: seats a disputed purchase withholds from its license while a dispute is open
  // (API.md: a dispute takes only its own purchase's seats). Exactly these come back if
  // it is won. Disputes opened before this step withheld nothing (the license was
  // suspended instead); they simply have no row, and closing them still works.
  `
  CREATE TABLE withheld_seats (
    purchase_id TEXT PRIMARY KEY NOT NULL,
    license_id TEXT NOT NULL,
    seats INTEGER NOT NULL,
    since TEXT NOT NULL
  );
  CREATE INDEX withheld_seats_license ON withheld_seats (license_id);
  `,
  // v5: outbox rows D1 refused for good (a constraint), with D1's reason, moved aside so
  // the rows behind them keep flowing; support sees them on the account (write-through.ts).
  `
  CREATE TABLE outbox_parked (
    seq INTEGER PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    error TEXT NOT NULL,
    parked_at TEXT NOT NULL
  );
  `,
  // v6: when each sign-in link was issued and for which requester (a keyed tag of the
  // asking network; null when support sent it), so the object can limit the sending;
  // and when a link was retired unused because another one signed in.
  `
  ALTER TABLE sign_in_tokens ADD COLUMN issued_at INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sign_in_tokens ADD COLUMN requester TEXT;
  ALTER TABLE sign_in_tokens ADD COLUMN retired_at INTEGER;
  `,
  // v7: desktop sign-ins this account approved (device-operations.ts), so approving one
  // twice — two clicks, two tabs, a retried call — activates and audits it once. Kept a
  // day (a code lives 10 minutes), pruned as new ones are written.
  `
  CREATE TABLE device_approvals (
    authorization_id TEXT PRIMARY KEY NOT NULL,
    license_id TEXT NOT NULL,
    approved_at INTEGER NOT NULL
  );
  CREATE INDEX device_approvals_approved_at ON device_approvals (approved_at);
  `,
  // v8: desktop sync documents (sync-store.ts). The customer's data: kept here only,
  // never mirrored to D1. A delete keeps the row as a tombstone (deleted = 1, no data).
  `
  CREATE TABLE sync_documents (
    name TEXT PRIMARY KEY NOT NULL,
    rev INTEGER NOT NULL,
    data TEXT,
    size INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
  );
  `,
  // v9: seat policies (API.md "Seat policies"). A machine's components (salted hashes,
  // JSON; object-only: only this object matches them, D1 has no use for them), and the
  // customer's deactivations, counted per license over a rolling 30 days.
  `
  CREATE TABLE machine_components (
    machine_id TEXT PRIMARY KEY NOT NULL,
    components TEXT NOT NULL
  );
  CREATE TABLE machine_swaps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    license_id TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX machine_swaps_license_at ON machine_swaps (license_id, at);
  `,
  // v10: email changes (email-routing.ts). The object an email derives to holds, for that
  // email, a pointer to the account that now has it (or an account allocated for it
  // after the address moved away); and a sign-in link retired by an email change says so.
  `
  CREATE TABLE email_routes (
    email TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL,
    claimed_at INTEGER NOT NULL
  );
  ALTER TABLE sign_in_tokens ADD COLUMN retired_reason TEXT;
  `,
];

/** The version an object's storage is at once migrated (the number of steps). */
export const STORAGE_SCHEMA_VERSION = STEPS.length;

/** Whether this object has storage at all (a name that never held an account has none). */
export function hasStorage(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
}

export function migrateStorage(storage: DurableObjectStorage): void {
  const sql = storage.sql;
  sql.exec("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)");
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'schema_version'").toArray()[0];
  const current = row ? Number(row.value) : 0;
  for (let version = current + 1; version <= STEPS.length; version++) {
    storage.transactionSync(() => {
      sql.exec(STEPS[version - 1]!);
      sql.exec("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", String(version));
    });
  }
}
