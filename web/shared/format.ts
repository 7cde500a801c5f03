/**
 * How dates, money and seats read in the portal and the support console, in the
 * browser's own locale. One place, so the two consoles say the same thing the same way.
 */
import type { PurchaseView } from "../../src/core/views";

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const timeOfDay = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
export const longDay = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));

/** "just now", "5 minutes ago", "yesterday"… */
export function ago(iso: string): string {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86400), "day");
}

/** A size for people: "812 B", "3.4 KB", "64 KB" (1 KB = 1,024 bytes, as the 64 KiB limit counts them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const kb = bytes / 1024;
  return `${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`;
}

/** Amounts are in minor units (cents), as the API keeps them. */
export function money(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

/** "2 seats each" on the buy form, from the catalog's seats per unit. */
export const seatsEach = (seatsPerUnit: number): string => `${seatsPerUnit} seats each`;

/**
 * "3 × 2 seats": units bought and the seats each one granted, read from the purchase
 * itself (seats = units × the product's seats per unit when it was bought).
 */
export function unitsAndSeats(purchase: Pick<PurchaseView, "quantity" | "seats">): string {
  return `${purchase.quantity} × ${purchase.seats / Math.max(1, purchase.quantity)} seats`;
}
