/** Shapes crossing the RPC boundary between the API Worker and the account object. */

import type { Actor } from "../src/core/views";
export type { Actor, MachineView, ActorType, LicenseStatus, LicenseView, PurchaseView } from "../src/core/views";
export type { StripeEffect } from "../src/core/stripe-effect";
import type { StripeEffect } from "../src/core/stripe-effect";
import type { MachineView, LicenseView, PurchaseView } from "../src/core/views";
import type { Components } from "../src/core/machine-match";
import type { EmailElsewhere } from "./email-routes";

/** Who asked, for the audit trail. */
export interface CallContext {
  actor: Actor;
  requestId: string | null;
}

/** A machine, named by the license key it uses (hashed) and its fingerprint. */
export interface MachineInput extends CallContext {
  keyHash: string;
  fingerprint: string;
}

export interface ActivateInput extends MachineInput {
  name?: string | undefined;
  platform?: string | undefined;
  appVersion?: string | undefined;
  /** Salted hashes of hardware identifiers (API.md "Seat policies"): recognise the machine after a reinstall. */
  components?: Components | undefined;
}

export type ActivateResult =
  | { ok: true; created: boolean; activation: MachineView; license: LicenseView }
  | { ok: false; code: "LICENSE_NOT_FOUND" | "SEAT_LIMIT_REACHED" | "LICENSE_SUSPENDED" | "LICENSE_REVOKED"; license?: LicenseView };

export type DeactivateResult =
  | { ok: true; activation: MachineView; license: LicenseView }
  | { ok: false; code: "LICENSE_NOT_FOUND" | "ACTIVATION_NOT_FOUND" }
  | SwapRefused;

/** The customer's swaps for the rolling 30 days are used up (API.md: DEACTIVATION_LIMIT_REACHED). */
export interface SwapRefused {
  ok: false;
  code: "DEACTIVATION_LIMIT_REACHED";
  nextAllowedAt: string;
  swapsPer30Days: number;
}

export type ValidationCode = "VALID" | "NOT_FOUND" | "NOT_ACTIVATED" | "SUSPENDED" | "REVOKED";

export interface ValidateResult {
  code: ValidationCode;
  license?: LicenseView;
  activation?: MachineView;
}

export interface GrantInput extends CallContext {
  accountId: string;
  email: string;
  productId: string;
  seats: number;
  /** Idempotency key: a grant id applies once, however often it is sent. */
  grantId: string;
  /** Used only when the grant creates the license; prepared by the Worker (crypto is async). */
  newLicense: { id: string; keyHash: string; keyCiphertext: string };
}

export type GrantResult =
  | { ok: true; accountCreated: boolean; licenseCreated: boolean; applied: boolean; license: LicenseView; keyCiphertext: string }
  | { ok: false; code: "UNKNOWN_PRODUCT" | "INVALID_SEATS" }
  | EmailElsewhere;

export interface LicenseChangeInput extends CallContext {
  licenseId: string;
  reason?: string | undefined;
}

export interface SetSeatsInput extends LicenseChangeInput {
  seats: number;
}

export type LicenseChangeResult =
  | { ok: true; changed: boolean; license: LicenseView; deactivated: string[] }
  | { ok: false; code: "LICENSE_NOT_FOUND" | "INVALID_SEATS" };

export interface AccountSnapshot {
  account: { id: string; email: string; created_at: string } | null;
  licenses: LicenseView[];
  purchases: PurchaseView[];
  machines: (MachineView & { license_id: string })[];
  outbox_pending: number;
}

export interface ApplyStripeInput {
  accountId: string;
  effect: StripeEffect;
  /**
   * The email that addressed this object (a checkout without a signed-in account): it
   * must still be this account's, or the answer sends the caller on (email-routes.ts).
   */
  routedByEmail?: string | undefined;
  requestId: string | null;
  /** Key material for a license this event may create (crypto happens in the Worker). */
  newLicense: GrantInput["newLicense"];
}

export type ApplyStripeResult =
  | {
      ok: true;
      /** The event id had already taken effect: nothing changed this time. */
      duplicate: boolean;
      purchase: PurchaseView | null;
      license: LicenseView | null;
      /** Set when the purchase's license email still has to be sent (at least once). */
      mail: { purchaseId: string; to: string; licenseId: string; productId: string; keyCiphertext: string; seats: number; quantity: number } | null;
    }
  | { ok: false; code: "PURCHASE_NOT_FOUND" | "MISSING_EMAIL" | "ACCOUNT_EMAIL_MISMATCH" }
  | EmailElsewhere;
