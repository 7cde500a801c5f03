/** A purchase as both consoles list it: date, units × seats, amount (and refunds), status. */
import type { PurchaseView } from "../../src/core/views";
import { el } from "./dom";
import { formatDateTime, money, unitsAndSeats } from "./format";

export function purchaseCells(purchase: PurchaseView): HTMLTableCellElement[] {
  const refunded = purchase.amount_refunded ? el("div", { class: "muted" }, `${money(purchase.amount_refunded, purchase.currency)} refunded`) : null;
  return [
    el("td", {}, formatDateTime(purchase.created_at)),
    el("td", {}, unitsAndSeats(purchase)),
    el("td", {}, money(purchase.amount, purchase.currency), refunded),
    el("td", {}, purchase.status),
  ];
}
