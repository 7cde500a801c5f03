/**
 * The security headers of every HTML page we serve — the portal, the support console, the
 * site, the docs and the API's own (development) pages: one function, configured per
 * surface, so the set cannot drift apart again. `e2e/security-headers.e2e.test.ts` walks
 * every page of the five Workers and `test/unit/security-headers.test.ts` calls each
 * Worker's fetch: either fails when one surface drops a header.
 *
 * Per surface: the Content-Security-Policy (what it may load and call) and the
 * Referrer-Policy. Everything else is the same everywhere.
 */

export type ReferrerPolicy =
  /** Sign-in pages: their URL carries a token; no URL of theirs goes anywhere. */
  | "no-referrer"
  /**
   * Pages that post forms to themselves (the support console, the API's dev pages): with
   * "no-referrer" a browser sends `Origin: null` on those posts, which the origin check
   * must refuse. "same-origin" still tells other sites nothing.
   */
  | "same-origin"
  /** Everything else: other sites learn the origin only, never a path. */
  | "strict-origin-when-cross-origin";

export interface SecurityHeaderOptions {
  /** The Worker's ENVIRONMENT: HSTS is sent everywhere but "development" (local http). */
  environment: string;
  /** The surface's policy, from `contentSecurityPolicy`. */
  csp: string;
  referrerPolicy: ReferrerPolicy;
}

/** A year, subdomains included (not `preload`: that is a separate, lasting commitment). */
export const HSTS = "max-age=31536000; includeSubDomains";

/**
 * Powerful features none of our pages use, turned off (also for anything they embed).
 * Clipboard writing stays on: the portal's "Copy key" button uses it. Only features
 * Chromium knows are listed; it reports unknown ones as console errors.
 */
export const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "camera",
  "display-capture",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/** What every policy ends with, whatever the surface asks for: no plugins, no <base>, no framing, forms post to us only. */
const EVERY_POLICY = { "object-src": "'none'", "base-uri": "'none'", "form-action": "'self'", "frame-ancestors": "'none'" };

/** Static pages whose scripts, styles and images all come from their own origin (no inline code). */
export const OWN_ORIGIN_ONLY = {
  "default-src": "'self'",
  "script-src": "'self'",
  "style-src": "'self'",
  "img-src": "'self' data:",
  "connect-src": "'self'",
};

export function contentSecurityPolicy(directives: Record<string, string>): string {
  // The shared directives come last, so a surface cannot loosen them.
  return Object.entries({ ...directives, ...EVERY_POLICY })
    .map(([name, value]) => `${name} ${value}`)
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": options.csp,
    "x-content-type-options": "nosniff",
    // Older browsers ignore frame-ancestors; this says the same to them.
    "x-frame-options": "DENY",
    "referrer-policy": options.referrerPolicy,
    // A page we open elsewhere (checkout, docs) cannot reach back into ours, nor ours into it.
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": PERMISSIONS_POLICY,
  };
  // Browsers ignore HSTS over http, but a dev server on https://localhost would be pinned.
  if (options.environment !== "development") headers["strict-transport-security"] = HSTS;
  return headers;
}

/** A copy of `response` (an asset's are immutable) with the security headers set. */
export function withSecurityHeaders(response: Response, options: SecurityHeaderOptions): Response {
  const secured = new Response(response.body, response);
  for (const [name, value] of Object.entries(securityHeaders(options))) secured.headers.set(name, value);
  return secured;
}
