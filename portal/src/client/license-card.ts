/** The license card: key (with copy), status, seats in use, and whether the view is live. */
import type { LicenseStatus, LicenseView } from "../../../src/core/views";
import { byId, show } from "../../../web/shared/dom";
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
