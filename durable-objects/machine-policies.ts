/**
 * The seat policies as writes (API.md "Seat policies"; rules in src/core/machine-match.ts
 * and src/core/seat-policies.ts, values per product in the catalog). Each runs inside the
 * activation's or deactivation's transaction (account-operations.ts), so the policies
 * hold for every caller of the object's activate — the desktop API today, device
 * approval tomorrow — under any concurrency.
 */
import { seatPolicyOf } from "../src/core/catalog";
import type { LicenseRow, MachineRow } from "../src/core/db-schema";
import { sameComponents, type Components, type SameMachine } from "../src/core/machine-match";
import { swapAllowance } from "../src/core/seat-policies";
import type { SeatPolicyView } from "../src/core/views";
import type { AccountStore } from "./account-store";
import type { Change } from "./change";
import type { ActivateInput, SwapRefused } from "./types";

/** Who releases a stale seat, in the audit trail: nobody asked, the policy did. */
const SEAT_POLICY_ACTOR = { type: "system" as const, id: "seat-policy" };

/**
 * A new fingerprint of a machine the license already has (its components match): the
 * same activation takes the new fingerprint and components, no seat is used.
 */
export function takeOverFingerprint(store: AccountStore, change: Change, match: SameMachine<MachineRow>, input: ActivateInput): MachineRow {
  const before = match.machine;
  const machine = change.putMachine({
    ...before,
    fingerprint: input.fingerprint,
    name: input.name ?? before.name,
    platform: input.platform ?? before.platform,
    app_version: input.appVersion ?? before.app_version,
    last_seen_at: change.at,
  });
  if (input.components) store.components.put(machine.id, input.components);
  change.audit(
    "machine.fingerprint_changed",
    { type: "machine", id: machine.id },
    { license_id: machine.license_id, from: before.fingerprint, to: machine.fingerprint, components_matched: match.matched, components_stored: match.stored },
  );
  return machine;
}

/** Keeps a machine's stored components current (no audit: they are not something a person reads). */
export function rememberComponents(store: AccountStore, machineId: string, components: Components | undefined): void {
  if (components && !sameComponents(components, store.components.of(machineId))) store.components.put(machineId, components);
}

/**
 * A full license's stale machine gives its seat to a new one: deactivated and audited
 * `machine.auto_released` by `system` in the same transaction as the new activation.
 */
export function releaseStale(store: AccountStore, license: LicenseRow, stale: MachineRow, input: ActivateInput, nowMs: number): void {
  const change = store.change(nowMs, { actor: SEAT_POLICY_ACTOR, requestId: input.requestId }, license.account_id);
  change.putMachine({ ...stale, status: "deactivated", deactivated_at: change.at });
  change.audit(
    "machine.auto_released",
    { type: "machine", id: stale.id },
    {
      license_id: license.id,
      fingerprint: stale.fingerprint,
      last_seen_at: stale.last_seen_at,
      stale_seat_days: seatPolicyOf(license.product_id).staleSeatDays,
      for_fingerprint: input.fingerprint,
    },
  );
}

/** Null when the customer may deactivate one more machine of the license now. */
export function swapRefusal(store: AccountStore, license: LicenseRow, nowMs: number): SwapRefused | null {
  const limit = seatPolicyOf(license.product_id).swapsPer30Days;
  const allowance = swapAllowance(store.swaps.times(license.id, nowMs), nowMs, limit);
  if (allowance.remaining > 0) return null;
  return { ok: false, code: "DEACTIVATION_LIMIT_REACHED", nextAllowedAt: new Date(allowance.nextAllowedAt!).toISOString(), swapsPer30Days: limit };
}

export function seatPolicyView(store: AccountStore, license: LicenseRow, nowMs: number): SeatPolicyView {
  const policy = seatPolicyOf(license.product_id);
  const allowance = swapAllowance(store.swaps.times(license.id, nowMs), nowMs, policy.swapsPer30Days);
  return {
    stale_seat_days: policy.staleSeatDays,
    swaps_per_30_days: policy.swapsPer30Days,
    swaps_remaining: allowance.remaining,
    next_swap_at: allowance.nextAllowedAt === null ? null : new Date(allowance.nextAllowedAt).toISOString(),
  };
}
