/**
 * What the admin API answers the console with (src/routes/admin.ts, read from D1 by
 * src/admin/queries.ts), in the domain's shared shapes (src/core/views.ts) plus the few
 * fields only staff see.
 */
import type { MachineView, LicenseView, PurchaseView, SeatPolicyView } from "../../../src/core/views";

/** GET /v1/admin/accounts: the accounts a search found. */
export interface AccountSummary {
  id: string;
  email: string;
  created_at: string;
  licenses: Pick<LicenseView, "id" | "status" | "seats" | "product">[];
}

export type StaffLicense = Pick<LicenseView, "id" | "product" | "status" | "seats" | "seats_used"> & {
  created_at: string;
  /** Null only if the account object could not say (the rest comes from D1). */
  seat_policy: SeatPolicyView | null;
};
export type StaffMachine = MachineView & { license_id: string; deactivated_at: string | null };
export type StaffPurchase = PurchaseView & { payment_intent_id: string | null };

/** GET /v1/admin/accounts/{id}. */
export interface AccountDetail {
  account: { id: string; email: string; created_at: string };
  licenses: StaffLicense[];
  machines: StaffMachine[];
  recently_deactivated: StaffMachine[];
  purchases: StaffPurchase[];
  /** Synced documents: names and sizes, never contents. */
  documents: { name: string; size: number }[];
}
