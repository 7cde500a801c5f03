/**
 * The dashboard page: loads the account, then keeps it current over the live connection.
 * Each card is its own module (license, machines, synced documents, purchases and buying, activity).
 */
import type { MachineView, LicenseView, PurchaseView, SeatPolicyView } from "../../../src/core/views";
import { post } from "../../../web/shared/api";
import { byId, show } from "../../../web/shared/dom";
import { loadActivity } from "./activity";
import { loadDocuments } from "./documents";
import { renderLicense, renderLiveState, renderSeatPolicy } from "./license-card";
import { connectLive, type LiveMessage } from "./live";
import { renderMachines } from "./machines";
import { renderPurchases } from "./purchases";
import { load } from "./session";

/** GET /v1/portal/account: the owner sees each license with its full key. */
interface Account {
  email: string;
  account_id: string;
  licenses: (LicenseView & { key: string; seat_policy: SeatPolicyView })[];
}

byId("sign-out").addEventListener("click", async () => {
  await post("/v1/auth/logout").catch(() => {});
  location.assign("/sign-in/");
});

async function main(): Promise<void> {
  const account = await load<Account>("/v1/portal/account");
  byId("account-email").textContent = account.email;
  const license = account.licenses[0];
  byId("license-section").hidden = !license;
  byId("no-license").hidden = Boolean(license);
  if (license) {
    byId("license-key").textContent = license.key;
    renderLicense(license);
    renderSeatPolicy(license.seat_policy);
  }
  const [{ machines }, { purchases }] = await Promise.all([
    load<{ machines: MachineView[] }>("/v1/portal/machines"),
    load<{ purchases: PurchaseView[] }>("/v1/portal/purchases"),
  ]);
  renderMachines(machines);
  renderPurchases(purchases);
  await loadDocuments().catch(() => show(byId("documents-empty"), "Synced settings are unavailable right now.", "info"));
  await loadActivity().catch(() => show(byId("activity-message"), "Recent activity is unavailable right now."));
  byId("dashboard").hidden = false;
  byId("loading").hidden = true;

  let first = true;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  let documentsRefresh: ReturnType<typeof setTimeout> | undefined;
  connectLive(
    (message: LiveMessage) => {
      renderLicense(message.license);
      renderSeatPolicy(message.seat_policy);
      renderMachines(message.machines);
      // Activity comes from the audit trail, written a moment after the change itself.
      if (!first) {
        clearTimeout(refresh);
        refresh = setTimeout(() => void loadActivity().catch(() => {}), 750);
      }
      first = false;
    },
    renderLiveState,
    () => {
      // Several machines may write in a burst: one refresh for all of them.
      clearTimeout(documentsRefresh);
      documentsRefresh = setTimeout(() => void loadDocuments().catch(() => {}), 250);
    },
  );
}

main().catch(() => {
  byId("loading").hidden = true;
  show(byId("notice"), "Your account could not be loaded. Reload the page to try again.");
});
