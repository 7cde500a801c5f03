/**
 * Where a new account object should live. A Durable Object is created near the first
 * request that reaches it, and stays there: left alone, that is the Stripe webhook
 * (Stripe sends from the US), so a European trader's every activation would cross the
 * Atlantic. The buyer's own request (checkout, dev grant) knows their continent; its hint
 * travels with the purchase (Checkout metadata) to the call that creates the object. A
 * hint only matters when the object is created; the runtime ignores it locally.
 */
export const LOCATION_HINTS = ["wnam", "enam", "sam", "weur", "eeur", "apac", "oc", "afr", "me"] as const;
export type LocationHint = (typeof LOCATION_HINTS)[number];

/** Countries Cloudflare files under Asia that its "me" (Middle East) region serves better. */
const MIDDLE_EAST = new Set(["AE", "BH", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "YE"]);

/** What `request.cf` tells about the caller (absent locally and in tests unless given). */
export interface CallerPlace {
  continent?: string | undefined;
  country?: string | undefined;
  longitude?: string | number | undefined;
}

export function locationHintFor(place: CallerPlace | undefined | null): LocationHint | undefined {
  if (!place?.continent) return undefined;
  const longitude = Number(place.longitude);
  switch (place.continent) {
    case "NA":
      // West of the Great Plains is closer to the west-coast region.
      return Number.isFinite(longitude) && longitude < -100 ? "wnam" : "enam";
    case "SA":
      return "sam";
    case "EU":
      return Number.isFinite(longitude) && longitude > 20 ? "eeur" : "weur";
    case "AS":
      return place.country && MIDDLE_EAST.has(place.country) ? "me" : "apac";
    case "OC":
      return "oc";
    case "AF":
      return "afr";
    default:
      return undefined;
  }
}

/** A hint carried in Checkout metadata, accepted only if it is one of ours. */
export function parseLocationHint(value: unknown): LocationHint | undefined {
  return LOCATION_HINTS.includes(value as LocationHint) ? (value as LocationHint) : undefined;
}
