-- Initial D1 schema. Source of truth: src/db/schema.ts (drizzle); the test
-- test/db/schema-matches-migrations.test.ts fails if the two disagree.

CREATE TABLE accounts (
  id TEXT PRIMARY KEY NOT NULL,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL
);
CREATE UNIQUE INDEX accounts_email_unique ON accounts (email);

CREATE TABLE products (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  seats_per_unit INTEGER NOT NULL,
  entitlements TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE licenses (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  product_id TEXT NOT NULL REFERENCES products (id),
  key_hash TEXT NOT NULL,
  key_ciphertext TEXT NOT NULL,
  status TEXT NOT NULL,
  seats INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL
);
CREATE UNIQUE INDEX licenses_key_hash_unique ON licenses (key_hash);
CREATE INDEX licenses_account_idx ON licenses (account_id);

CREATE TABLE purchases (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  product_id TEXT NOT NULL REFERENCES products (id),
  license_id TEXT REFERENCES licenses (id),
  checkout_session_id TEXT,
  payment_intent_id TEXT,
  quantity INTEGER NOT NULL,
  seats INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  currency TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  rev INTEGER NOT NULL
);
CREATE UNIQUE INDEX purchases_checkout_session_unique ON purchases (checkout_session_id);
CREATE INDEX purchases_payment_intent_idx ON purchases (payment_intent_id);
CREATE INDEX purchases_account_created_idx ON purchases (account_id, created_at);

CREATE TABLE machines (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  license_id TEXT NOT NULL REFERENCES licenses (id),
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
CREATE INDEX machines_license_status_idx ON machines (license_id, status);
CREATE INDEX machines_account_status_idx ON machines (account_id, status);
CREATE INDEX machines_fingerprint_idx ON machines (fingerprint);

CREATE TABLE audit_events (
  id TEXT PRIMARY KEY NOT NULL,
  account_id TEXT,
  at TEXT NOT NULL,
  actor_type TEXT NOT NULL,
  actor_id TEXT,
  action TEXT NOT NULL,
  target_type TEXT,
  target_id TEXT,
  data TEXT DEFAULT '{}' NOT NULL,
  request_id TEXT
);
CREATE INDEX audit_events_account_at_idx ON audit_events (account_id, at, id);
CREATE INDEX audit_events_action_at_idx ON audit_events (action, at, id);
CREATE INDEX audit_events_actor_at_idx ON audit_events (actor_type, actor_id, at, id);
CREATE INDEX audit_events_at_idx ON audit_events (at, id);

INSERT INTO products (id, name, seats_per_unit, entitlements, created_at)
VALUES ('chartgpt', 'ChartGPT for NinjaTrader', 2, '["chartgpt"]', '2026-11-29T00:00:00.000Z');
