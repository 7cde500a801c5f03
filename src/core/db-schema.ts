/**
 * D1 schema: the source of truth for the SQL in migrations/, which `npm run db:generate`
 * (drizzle-kit) writes from it (test/db/schema-matches-migrations.test.ts and
 * test-node/d1-migrations.test.ts prove they agree). D1 is the cross-account mirror of
 * what the account objects decide; `rev` is the object's revision of a row, so a late
 * or repeated write-through never overwrites a newer one.
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    /** Normalized (trimmed, NFC, lower case). */
    email: text("email").notNull(),
    created_at: text("created_at").notNull(),
    updated_at: text("updated_at").notNull(),
    rev: integer("rev").notNull(),
  },
  // Not unique: the account objects decide which account has an email, and each mirrors
  // its own rows to D1 on its own schedule. After an email change, the account that
  // gave the address up and a new one that took it may both hold it here for a while
  // (the first's flush may be waiting out a D1 outage); a unique index would refuse
  // the second for good and park its rows.
  (t) => [index("accounts_email").on(t.email)],
);

export const products = sqliteTable("products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  seats_per_unit: integer("seats_per_unit").notNull(),
  /** JSON array of entitlement names. */
  entitlements: text("entitlements").notNull(),
  created_at: text("created_at").notNull(),
});

export const licenses = sqliteTable(
  "licenses",
  {
    id: text("id").primaryKey(),
    account_id: text("account_id")
      .notNull()
      .references(() => accounts.id),
    product_id: text("product_id")
      .notNull()
      .references(() => products.id),
    /** SHA-256 hex of the canonical key: admin lookup by key without storing it. */
    key_hash: text("key_hash").notNull(),
    /** AES-GCM copy of the key ("v1.<base64>") so its owner can see it again. */
    key_ciphertext: text("key_ciphertext").notNull(),
    status: text("status", { enum: ["active", "suspended", "revoked"] }).notNull(),
    seats: integer("seats").notNull(),
    created_at: text("created_at").notNull(),
    updated_at: text("updated_at").notNull(),
    rev: integer("rev").notNull(),
  },
  (t) => [uniqueIndex("licenses_key_hash_unique").on(t.key_hash), index("licenses_account_idx").on(t.account_id)],
);

export const purchases = sqliteTable(
  "purchases",
  {
    id: text("id").primaryKey(),
    account_id: text("account_id")
      .notNull()
      .references(() => accounts.id),
    product_id: text("product_id")
      .notNull()
      .references(() => products.id),
    license_id: text("license_id").references(() => licenses.id),
    checkout_session_id: text("checkout_session_id"),
    payment_intent_id: text("payment_intent_id"),
    quantity: integer("quantity").notNull(),
    seats: integer("seats").notNull(),
    /** Minor units (cents). */
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    /** pending | paid | failed | disputed | refunded (see durable-objects/purchase-rules.ts). */
    status: text("status", { enum: ["pending", "paid", "failed", "disputed", "refunded"] }).notNull(),
    /** Cumulative refunded amount, minor units (Stripe's charge.amount_refunded). */
    amount_refunded: integer("amount_refunded").notNull().default(0),
    created_at: text("created_at").notNull(),
    updated_at: text("updated_at").notNull(),
    rev: integer("rev").notNull(),
  },
  (t) => [
    uniqueIndex("purchases_checkout_session_unique").on(t.checkout_session_id),
    index("purchases_payment_intent_idx").on(t.payment_intent_id),
    index("purchases_account_created_idx").on(t.account_id, t.created_at),
  ],
);

/** Activations: one row per (license, machine) activation; deactivated rows are kept. */
export const machines = sqliteTable(
  "machines",
  {
    id: text("id").primaryKey(),
    account_id: text("account_id")
      .notNull()
      .references(() => accounts.id),
    license_id: text("license_id")
      .notNull()
      .references(() => licenses.id),
    fingerprint: text("fingerprint").notNull(),
    name: text("name"),
    platform: text("platform"),
    app_version: text("app_version"),
    status: text("status", { enum: ["active", "deactivated"] }).notNull(),
    activated_at: text("activated_at").notNull(),
    last_seen_at: text("last_seen_at").notNull(),
    deactivated_at: text("deactivated_at"),
    rev: integer("rev").notNull(),
  },
  (t) => [
    index("machines_license_status_idx").on(t.license_id, t.status),
    index("machines_account_status_idx").on(t.account_id, t.status),
    index("machines_fingerprint_idx").on(t.fingerprint),
  ],
);

/**
 * Append-only audit trail. No foreign key on account_id: events are immutable history
 * and must be insertable in any order relative to the rows they describe.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    account_id: text("account_id"),
    at: text("at").notNull(),
    actor_type: text("actor_type", { enum: ["customer", "desktop", "stripe", "support", "system"] }).notNull(),
    actor_id: text("actor_id"),
    action: text("action").notNull(),
    target_type: text("target_type"),
    target_id: text("target_id"),
    /** JSON object. */
    data: text("data").notNull().default(sql`'{}'`),
    request_id: text("request_id"),
  },
  (t) => [
    index("audit_events_account_at_idx").on(t.account_id, t.at, t.id),
    index("audit_events_action_at_idx").on(t.action, t.at, t.id),
    index("audit_events_actor_at_idx").on(t.actor_type, t.actor_id, t.at, t.id),
    index("audit_events_actor_type_at_idx").on(t.actor_type, t.at, t.id),
    index("audit_events_at_idx").on(t.at, t.id),
  ],
);

export type AccountRow = typeof accounts.$inferSelect;
export type LicenseRow = typeof licenses.$inferSelect;
export type MachineRow = typeof machines.$inferSelect;
export type PurchaseRow = typeof purchases.$inferSelect;
export type AuditEventRow = typeof auditEvents.$inferSelect;
