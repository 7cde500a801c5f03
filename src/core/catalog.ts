/**
 * What we sell. The D1 `products` table is seeded with exactly these rows by
 * migrations/0001 (a test checks they agree); code reads the catalog from here so the
 * hot path needs no D1 query.
 */
export interface Product {
  id: string;
  name: string;
  /** Seats granted per unit bought at checkout. */
  seatsPerUnit: number;
  entitlements: readonly string[];
  seatPolicy: SeatPolicy;
}

/**
 * How a license's seats move between machines over the years (API.md "Seat policies";
 * the README's table). Per product, because a product sold per seat-month would want
 * other numbers than a lifetime license. The account object reads them on every
 * decision, so a change here applies at the next deploy, to every license.
 */
export interface SeatPolicy {
  /** STALE_SEAT_DAYS: when every seat is taken, a machine unseen this many days gives its seat to a new one. */
  staleSeatDays: number;
  /** SWAPS_PER_30_DAYS: deactivations by the customer (desktop app, portal) per license in any rolling 30 days. */
  swapsPer30Days: number;
}

export const DEFAULT_SEAT_POLICY: SeatPolicy = { staleSeatDays: 30, swapsPer30Days: 6 };

/**
 * The stale-seat rule in one sentence: the license email and the portal say the same
 * words (here, because the catalog is the one server module the browser bundles import).
 */
export function staleSeatSentence(days: number): string {
  return `When every seat is taken, a machine that has not been used for ${days} days gives its seat to the new one automatically.`;
}

export const PRODUCTS = {
  chartgpt: {
    id: "chartgpt",
    name: "ChartGPT for NinjaTrader",
    seatsPerUnit: 2,
    entitlements: ["chartgpt"],
    seatPolicy: DEFAULT_SEAT_POLICY,
  },
} as const satisfies Record<string, Product>;

export type ProductId = keyof typeof PRODUCTS;
export const DEFAULT_PRODUCT: ProductId = "chartgpt";

/** Units one checkout may buy (POST /v1/checkout/sessions, and what a session may grant). */
export const MAX_UNITS_PER_CHECKOUT = 50;

export function productById(id: string): Product | undefined {
  return (PRODUCTS as Record<string, Product>)[id];
}

/** The seat policy of a license's product (the defaults for a product no longer sold). */
export function seatPolicyOf(productId: string): SeatPolicy {
  return productById(productId)?.seatPolicy ?? DEFAULT_SEAT_POLICY;
}
