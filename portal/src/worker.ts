/**
 * The portal Worker: /v1/* goes to the API Worker over the service binding (same
 * origin for the browser: the session cookie stays first-party and no CORS is needed);
 * everything else is a static asset, served with the portal's security headers.
 */
/** What `wrangler types` generates from portal/wrangler.toml (types/portal.d.ts). */
type PortalEnv = PortalBindings;

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export function securityHeaders(pathname: string, environment: string): Record<string, string> {
  const headers: Record<string, string> = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
    // Sign-in pages carry a token in the URL fragment: never leak any URL onwards.
    "referrer-policy": pathname.startsWith("/sign-in") ? "no-referrer" : "strict-origin-when-cross-origin",
  };
  if (environment !== "development") headers["strict-transport-security"] = "max-age=31536000; includeSubDomains";
  // Pages and scripts change with each deploy; let browsers revalidate rather than guess.
  headers["cache-control"] = pathname.startsWith("/assets/") ? "public, max-age=300, must-revalidate" : "no-cache";
  return headers;
}

export default {
  async fetch(request: Request, env: PortalEnv): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/v1/")) return env.API.fetch(request);
    const asset = await env.ASSETS.fetch(request);
    const response = new Response(asset.body, asset);
    for (const [name, value] of Object.entries(securityHeaders(url.pathname, env.ENVIRONMENT))) response.headers.set(name, value);
    return response;
  },
} satisfies ExportedHandler<PortalEnv>;
