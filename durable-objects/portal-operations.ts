/** What the customer portal reads and does, each call gated by a valid session. */
import type { AccountStore } from "./account-store";
import { machineView } from "./account-store";
import { deactivateMachine } from "./account-operations";
import { checkSession } from "./auth-operations";
import { seatPolicyView } from "./machine-policies";
import { purchaseView } from "../src/core/views";
import type { MachineView, LicenseView, PurchaseView, SwapRefused } from "./types";
import type { SeatPolicyView } from "../src/core/views";

export interface PortalView {
  account: { id: string; email: string };
  licenses: (LicenseView & { keyCiphertext: string; seat_policy: SeatPolicyView })[];
  machines: (MachineView & { license_id: string })[];
  purchases: PurchaseView[];
}

export type Unauthorized = { ok: false; code: "UNAUTHORIZED" };

export function portalView(store: AccountStore, input: { sessionHash: string }, nowMs: number): ({ ok: true } & PortalView) | Unauthorized {
  const session = checkSession(store, input, nowMs);
  if (!session.ok) return { ok: false, code: "UNAUTHORIZED" };
  return {
    ok: true,
    account: { id: session.accountId, email: session.email },
    licenses: store.licenses().map((l) => ({ ...store.licenseView(l), keyCiphertext: l.key_ciphertext, seat_policy: seatPolicyView(store, l, nowMs) })),
    machines: store.activeMachines().map((m) => ({ ...machineView(m), license_id: m.license_id })),
    purchases: store.purchases().map(purchaseView),
  };
}

export function portalDeactivate(
  store: AccountStore,
  input: { sessionHash: string; activationId: string; requestId: string | null },
  nowMs: number,
): { ok: true; license: LicenseView } | Unauthorized | { ok: false; code: "ACTIVATION_NOT_FOUND" } | SwapRefused {
  const session = checkSession(store, input, nowMs);
  if (!session.ok) return { ok: false, code: "UNAUTHORIZED" };
  const result = deactivateMachine(
    store,
    { activationId: input.activationId, actor: { type: "customer", id: session.email }, requestId: input.requestId, swap: true },
    nowMs,
  );
  return result.ok ? { ok: true, license: result.license } : result;
}

/** The live message (API.md): the license and its active machines, plus its seat policies (swaps left). */
export function liveMessage(store: AccountStore, nowMs = Date.now()): string {
  const license = store.licenses()[0];
  return JSON.stringify({
    type: "license",
    license: license ? store.licenseView(license) : null,
    machines: store.activeMachines().map(machineView),
    seat_policy: license ? seatPolicyView(store, license, nowMs) : null,
  });
}
