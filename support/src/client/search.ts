/** Finding a customer: by the beginning of an email, or by a license key. */
import { api, failureMessage } from "../../../web/shared/api";
import { button, byId, el, show } from "../../../web/shared/dom";
import { openAccount } from "./account";
import type { AccountSummary } from "./admin-types";

/** A key starts with CGPT however it was typed (spaces, dashes, case); anything else is an email. */
const looksLikeKey = (query: string) => /^cgpt/i.test(query.replace(/[\s-]/g, ""));

function renderResults(accounts: AccountSummary[]): void {
  byId("results").replaceChildren(
    ...accounts.map((a) => {
      const licenses = a.licenses.map((l) => `${l.seats} seats, ${l.status}`).join("; ") || "no license";
      return el(
        "li",
        {},
        button(a.email, () => void openAccount(a.id), { class: "link" }),
        el("span", { class: "muted" }, ` · ${licenses}`),
      );
    }),
  );
  byId("results-empty").hidden = accounts.length > 0;
  byId("results-section").hidden = false;
}

byId<HTMLFormElement>("search-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const query = byId<HTMLInputElement>("q").value.trim();
  if (!query) return;
  const param = looksLikeKey(query) ? "license_key" : "email";
  try {
    const { accounts } = await api<{ accounts: AccountSummary[] }>(`/v1/admin/accounts?${param}=${encodeURIComponent(query)}`);
    renderResults(accounts);
    if (accounts.length === 1) await openAccount(accounts[0]!.id);
  } catch (err) {
    show(byId("notice"), failureMessage(err), "error");
  }
});
