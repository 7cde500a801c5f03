/**
 * The shapes the API shows of an account's things — a license, a machine's activation,
 * a purchase, an audit event — written once, as zod schemas. The account object returns
 * them (types only), the routes' response schemas and the OpenAPI document are built
 * from them, and the portal and support consoles import their types (type-only, so no
 * zod reaches a browser bundle).
 */
import { z } from "zod";
import type { PurchaseRow } from "./db-schema";

export const LICENSE_STATUSES = ["active", "suspended", "revoked"] as const;
export type LicenseStatus = (typeof LICENSE_STATUSES)[number];

export const ACTOR_TYPES = ["customer", "desktop", "stripe", "support", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const PURCHASE_STATUSES = ["pending", "paid", "failed", "disputed", "refunded"] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

export const Actor = z.object({ type: z.enum(ACTOR_TYPES), id: z.string().nullable() });
export type Actor = z.infer<typeof Actor>;

/**
 * A machine: what a fingerprint holds while it uses a seat of a license. One name in the
 * code, the tables and the pages ("machine"); the public API keeps its field names
 * (`activation`, `activation_id`), which name the same thing.
 */
export const MachineView = z.object({
  id: z.string(),
  fingerprint: z.string(),
  name: z.string().nullable(),
  platform: z.string().nullable(),
  app_version: z.string().nullable(),
  activated_at: z.iso.datetime(),
  last_seen_at: z.iso.datetime(),
});
export type MachineView = z.infer<typeof MachineView>;

export const LicenseView = z.object({
  id: z.string(),
  status: z.enum(LICENSE_STATUSES),
  seats: z.int(),
  seats_used: z.int(),
  product: z.string(),
  entitlements: z.array(z.string()),
});
export type LicenseView = z.infer<typeof LicenseView>;

export const PurchaseView = z.object({
  id: z.string(),
  created_at: z.iso.datetime(),
  quantity: z.int(),
  seats: z.int(),
  amount: z.int().meta({ description: "Minor units (cents)." }),
  amount_refunded: z.int(),
  currency: z.string(),
  status: z.enum(PURCHASE_STATUSES),
});
export type PurchaseView = z.infer<typeof PurchaseView>;

export const AuditEvent = z.object({
  id: z.string(),
  account_id: z.string().nullable(),
  at: z.iso.datetime(),
  actor: Actor,
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  data: z.record(z.string(), z.unknown()),
  request_id: z.string().nullable(),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/**
 * A license's seat policies as the portal and support show them (API.md "Seat
 * policies"): the configured values and the customer's swaps left right now.
 */
export const SeatPolicyView = z.object({
  stale_seat_days: z.int().meta({ description: "A machine unseen this many days gives its seat to a new one when every seat is taken." }),
  swaps_per_30_days: z.int().meta({ description: "Deactivations by the customer (desktop app, portal) allowed in any rolling 30 days." }),
  swaps_remaining: z.int(),
  next_swap_at: z.iso.datetime().nullable().meta({ description: "When a swap is possible again, if none remain; otherwise null." }),
});
export type SeatPolicyView = z.infer<typeof SeatPolicyView>;

/** A desktop sign-in as the approving customer sees it (GET /v1/portal/devices/{user_code}). */
export const DeviceRequestView = z.object({
  user_code: z.string(),
  name: z.string().nullable(),
  platform: z.string().nullable(),
  app_version: z.string().nullable(),
  requested_at: z.iso.datetime(),
  country: z.string().optional().meta({ description: "Where the app asked from (two letters), when known." }),
  status: z.enum(["pending", "approved", "denied", "expired"]),
});
export type DeviceRequestView = z.infer<typeof DeviceRequestView>;

/** A purchase row as every reader shows it (portal, live view, support adds its Stripe ids). */
export function purchaseView(p: Pick<PurchaseRow, keyof PurchaseView>): PurchaseView {
  return {
    id: p.id,
    created_at: p.created_at,
    quantity: p.quantity,
    seats: p.seats,
    amount: p.amount,
    amount_refunded: p.amount_refunded,
    currency: p.currency,
    status: p.status,
  };
}
