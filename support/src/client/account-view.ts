/** One customer's account: licenses with their actions, active machines, purchases. */
import { button, byId, el, fillTable } from "../../../web/shared/dom";
import { formatBytes, formatDateTime } from "../../../web/shared/format";
import { purchaseCells } from "../../../web/shared/purchases";
import type { StaffAction } from "./action-dialog";
import type { AccountDetail, StaffLicense } from "./admin-types";
import { accountActions, deactivateMachine, licenseActions } from "./staff-actions";

/**
 * The policies this license runs under (API.md "Seat policies"), so support can tell a
 * customer why a machine was released or a deactivation refused, and when it is possible.
 */
function seatPolicyLine(license: StaffLicense): HTMLElement | null {
  const p = license.seat_policy;
  if (!p) return null;
  const next = p.next_swap_at ? ` (next ${formatDateTime(p.next_swap_at)})` : "";
  return el(
    "p",
    { class: "muted", "data-seat-policy": license.id },
    `Seat policies: stale after ${p.stale_seat_days} days · ${p.swaps_per_30_days} swaps per 30 days · ${p.swaps_remaining} left${next}`,
  );
}

/** `act` opens the confirmation for an action the person picked. */
export function renderAccount(detail: AccountDetail, act: (action: StaffAction) => void): void {
  const actionButton = ([label, action]: [string, StaffAction]) => button(label, () => act(action), { class: "secondary" });

  byId("account-email").textContent = detail.account.email;
  byId("account-meta").textContent = `${detail.account.id} · customer since ${formatDateTime(detail.account.created_at)}`;
  byId("account-actions").replaceChildren(...accountActions(detail).map(actionButton));
  byId("licenses").replaceChildren(
    ...detail.licenses.map((l) =>
      el(
        "div",
        { class: "license" },
        el(
          "p",
          {},
          el("strong", {}, `${l.seats_used} of ${l.seats} seats in use`),
          ` · ${l.product} · `,
          el("span", { class: `status ${l.status}` }, l.status),
        ),
        seatPolicyLine(l),
        el("p", { class: "actions-row" }, ...licenseActions(detail, l).map(actionButton)),
      ),
    ),
  );

  fillTable(
    "machines",
    detail.machines.map((m) =>
      el(
        "tr",
        { "data-machine": m.id },
        el("td", {}, m.name ?? "Unnamed", el("div", { class: "muted mono" }, m.fingerprint)),
        el("td", {}, m.platform ?? "—", m.app_version ? el("div", { class: "muted" }, `v${m.app_version}`) : null),
        el("td", {}, formatDateTime(m.activated_at)),
        el("td", {}, formatDateTime(m.last_seen_at)),
        el("td", {}, actionButton(["Deactivate…", deactivateMachine(detail, m)])),
      ),
    ),
  );

  fillTable(
    "documents",
    detail.documents.map((d) => el("tr", {}, el("td", { class: "mono" }, d.name), el("td", {}, formatBytes(d.size)))),
  );

  fillTable(
    "purchases",
    detail.purchases.map((p) => el("tr", {}, ...purchaseCells(p), el("td", { class: "mono muted" }, p.payment_intent_id ?? "—"))),
  );
}
