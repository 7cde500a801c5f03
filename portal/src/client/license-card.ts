/** The license card: key (with copy), status, seats in use, the seat policies, and whether the view is live. */
import { staleSeatSentence } from "../../../src/core/catalog";
import type { LicenseStatus, LicenseView, SeatPolicyView } from "../../../src/core/views";
import { byId, show } from "../../../web/shared/dom";
import { formatDateTime } from "../../../web/shared/format";
import type { LiveState } from "./live";
import { signInAgain } from "./session";

const STATUS_TEXT: Record<LicenseStatus, string> = {
  active: "Active",
  suspended: "Suspended while a payment dispute is open",
  revoked: "Revoked",
};

export function renderLicense(license: Pick<LicenseView, "status" | "seats" | "seats_used"> | null): void {
  if (!license) return;
  byId("seats-used").textContent = String(license.seats_used);
  byId("seats-owned").textContent = String(license.seats);
  const meter = byId<HTMLProgressElement>("seat-meter");
  meter.max = Math.max(1, license.seats);
  meter.value = license.seats_used;
  meter.textContent = `${license.seats_used} of ${license.seats}`;
  const status = byId("license-status");
  status.textContent = STATUS_TEXT[license.status] ?? license.status;
  status.dataset.status = license.status;
}

/**
 * The rules that spare a support ticket when a machine changes (API.md "Seat policies"):
 * the customer should know them before they need them, not learn them from a refusal.
 */
export function renderSeatPolicy(policy: SeatPolicyView | null | undefined): void {
  if (!policy) return;
  byId("stale-seat-rule").textContent = staleSeatSentence(policy.stale_seat_days);
  const left = byId("swaps-left");
  left.dataset.remaining = String(policy.swaps_remaining);
  left.textContent =
    policy.swaps_remaining > 0
      ? `You can deactivate ${policy.swaps_remaining} more ${policy.swaps_remaining === 1 ? "machine" : "machines"} in the next 30 days (${policy.swaps_per_30_days} in any 30 days).`
      : `You have used all ${policy.swaps_per_30_days} machine swaps of the last 30 days; the next is possible ${policy.next_swap_at ? `on ${formatDateTime(policy.next_swap_at)}` : "soon"}. Support can help sooner.`;
}

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  "signed-out": "Signed out",
};

export function renderLiveState(state: LiveState): void {
  const badge = byId("live-state");
  badge.textContent = LIVE_TEXT[state];
  badge.dataset.state = state;
  if (state === "signed-out") signInAgain();
}

byId("copy-key").addEventListener("click", async () => {
  const key = byId("license-key").textContent ?? "";
  try {
    await navigator.clipboard.writeText(key);
    show(byId("copy-status"), "Copied", "info");
  } catch {
    // Clipboard refused (permissions): select the key so the person can copy it.
    getSelection()?.selectAllChildren(byId("license-key"));
    show(byId("copy-status"), "Press Ctrl+C to copy", "info");
  }
});
