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
}

export const PRODUCTS = {
  chartgpt: {
    id: "chartgpt",
    name: "ChartGPT for NinjaTrader",
    seatsPerUnit: 2,
    entitlements: ["chartgpt"],
  },
} as const satisfies Record<string, Product>;

export type ProductId = keyof typeof PRODUCTS;
export const DEFAULT_PRODUCT: ProductId = "chartgpt";

/** Units one checkout may buy (POST /v1/checkout/sessions, and what a session may grant). */
export const MAX_UNITS_PER_CHECKOUT = 50;

export function productById(id: string): Product | undefined {
  return (PRODUCTS as Record<string, Product>)[id];
}
