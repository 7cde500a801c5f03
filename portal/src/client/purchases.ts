/**
 * Purchases so far, and buying more seats. What one unit grants comes from the catalog
 * (the product checkout sells), so the form and the dev checkout say the same.
 */
import { DEFAULT_PRODUCT, MAX_UNITS_PER_CHECKOUT, PRODUCTS } from "../../../src/core/catalog";
import type { PurchaseView } from "../../../src/core/views";
import { failureMessage, post } from "../../../web/shared/api";
import { byId, el, fillTable, show } from "../../../web/shared/dom";
import { seatsEach } from "../../../web/shared/format";
import { purchaseCells } from "../../../web/shared/purchases";

export function renderPurchases(purchases: PurchaseView[]): void {
  fillTable(
    "purchases",
    purchases.map((p) => el("tr", {}, ...purchaseCells(p))),
  );
}

byId("buy-seats-each").textContent = seatsEach(PRODUCTS[DEFAULT_PRODUCT].seatsPerUnit);
byId<HTMLInputElement>("quantity").max = String(MAX_UNITS_PER_CHECKOUT);

byId<HTMLFormElement>("buy-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const quantity = Number(new FormData(event.currentTarget as HTMLFormElement).get("quantity"));
  try {
    const { url } = await post<{ url: string }>("/v1/checkout/sessions", { quantity });
    location.assign(url);
  } catch (err) {
    show(byId("buy-message"), failureMessage(err, "Checkout could not start. Try again."));
  }
});
