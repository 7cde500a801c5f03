/**
 * Response shapes of the public API, as zod schemas: documentation's single source (the
 * OpenAPI document is generated from these and the request schemas).
 */
import { z } from "zod";
import { MachineView, AuditEvent, LicenseView, PurchaseView, SeatPolicyView } from "../core/views";
import { SupportDocuments } from "./sync";

export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string().meta({ description: "Stable error code (see the error table)." }),
    message: z.string(),
    request_id: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const Activation = MachineView;

export const License = LicenseView;

export const ActivateResponse = z.object({
  activation: Activation,
  license: License,
  token: z.string().meta({ description: "Compact JWS (EdDSA) for offline grace." }),
});
export const DeactivateResponse = z.object({ deactivated: z.literal(true), license: License });
export const ValidateResponse = z.object({
  valid: z.boolean(),
  code: z.enum(["VALID", "NOT_FOUND", "NOT_ACTIVATED", "SUSPENDED", "REVOKED"]),
  license: License.optional(),
  activation: Activation.optional(),
  token: z.string().optional(),
});
export const Jwks = z.object({
  keys: z.array(z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string(), kid: z.string(), alg: z.literal("EdDSA"), use: z.literal("sig") })),
});
export const Health = z.object({ ok: z.literal(true), version: z.string() });
export const CheckoutSession = z.object({ id: z.string(), url: z.url() });
export const WebhookAnswer = z.object({
  received: z.literal(true),
  applied: z.boolean().optional(),
  duplicate: z.boolean().optional(),
  parked: z.boolean().optional(),
  ignored: z.boolean().optional(),
  reason: z.string().optional(),
  /** An ignored checkout session was audited (`purchase.ignored`) on the account it names. */
  recorded: z.boolean().optional(),
});
export const Ok = z.object({ ok: z.literal(true) });
export const SessionStarted = z.object({ ok: z.literal(true), account_id: z.string(), email: z.string() });

export const Purchase = PurchaseView;

export const PortalAccount = z.object({
  email: z.string(),
  account_id: z.string(),
  licenses: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      status: z.string(),
      seats: z.int(),
      seats_used: z.int(),
      product: z.string(),
      entitlements: z.array(z.string()),
      seat_policy: SeatPolicyView,
    }),
  ),
});
export const PortalMachines = z.object({ machines: z.array(Activation.extend({ license_id: z.string() })) });
export const PortalPurchases = z.object({ purchases: z.array(Purchase) });
export const PortalDeactivated = z.object({ license: License });

export { AuditEvent };
export const AuditPage = z.object({ events: z.array(AuditEvent), next_cursor: z.string().nullable() });

export const AdminAccounts = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      email: z.string(),
      created_at: z.string(),
      licenses: z.array(z.object({ id: z.string(), status: z.string(), seats: z.int(), product: z.string() })),
    }),
  ),
});
export const AdminAccountDetail = z.object({
  account: z.object({ id: z.string(), email: z.string(), created_at: z.string() }),
  licenses: z.array(
    z.object({
      id: z.string(),
      product: z.string(),
      status: z.string(),
      seats: z.int(),
      seats_used: z.int(),
      created_at: z.string(),
      /** The product's seat policies and the customer's swaps left (null: the object does not know the license yet). */
      seat_policy: SeatPolicyView.nullable(),
    }),
  ),
  machines: z.array(z.record(z.string(), z.unknown())),
  recently_deactivated: z.array(z.record(z.string(), z.unknown())),
  purchases: z.array(z.record(z.string(), z.unknown())),
  /** Outbox rows D1 refused for good (oldest first, at most 100): which row, which version, when, D1's reason. */
  parked_outbox: z.array(
    z.object({
      seq: z.int(),
      kind: z.enum(["account", "license", "machine", "purchase", "audit"]),
      row_id: z.string(),
      rev: z.int().nullable(),
      parked_at: z.string(),
      error: z.string(),
    }),
  ),
  /** The account's synced documents: names and sizes only (the contents are the customer's). */
  documents: SupportDocuments,
});
export const AdminMachineDeactivated = z.object({ license: License, activation: Activation });
export const AdminLicenseChange = z.object({ license: License, changed: z.boolean().optional(), deactivated: z.array(z.string()).optional() });
export const AdminSent = z.object({ sent: z.literal(true), to: z.string() });
export const AdminMe = z.object({ email: z.string() });
export const AdminEmailChanged = z.object({
  account_id: z.string(),
  email: z.string(),
  previous_email: z.string(),
  changed: z.boolean().meta({ description: "False when the account already had this email (nothing was done)." }),
  sessions_ended: z.int().meta({ description: "Portal sessions the change ended (the customer signs in again with the new address)." }),
  notified: z.array(z.string()).meta({ description: "The addresses the change was mailed to (both, unless a send failed; the change stands either way)." }),
});
export const DevLicense = z.object({ account_id: z.string(), license_id: z.string(), license_key: z.string() });
export const Mailbox = z.object({
  messages: z.array(z.object({ id: z.string(), to: z.string(), subject: z.string(), text: z.string(), html: z.string(), sent_at: z.string() })),
});
