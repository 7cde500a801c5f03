/**
 * The portal Worker: /v1/* goes to the API Worker over the service binding (same
 * origin for the browser: the session cookie stays first-party and no CORS is needed);
 * everything else is a static asset, served with the portal's security headers.
 */
import { contentSecurityPolicy, OWN_ORIGIN_ONLY, withSecurityHeaders, type ReferrerPolicy } from "../../src/http/security-headers";

/** What `wrangler types` generates from portal/wrangler.toml (types/portal.d.ts). */
type PortalEnv = PortalBindings;

const CSP = contentSecurityPolicy(OWN_ORIGIN_ONLY);

/**
 * Pages whose URL carries a credential never leak it onwards: the sign-in pages (a token
 * in the fragment) and the desktop sign-in page (a live user code in the query).
 */
const NO_REFERRER_PAGES = ["/sign-in", "/activate"];
const referrerPolicy = (pathname: string): ReferrerPolicy =>
  NO_REFERRER_PAGES.some((prefix) => pathname.startsWith(prefix)) ? "no-referrer" : "strict-origin-when-cross-origin";

/** Pages and scripts change with each deploy; let browsers revalidate rather than guess. */
const cacheControl = (pathname: string) => (pathname.startsWith("/assets/") ? "public, max-age=300, must-revalidate" : "no-cache");

export default {
  async fetch(request: Request, env: PortalEnv): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/v1/")) return env.API.fetch(request);
    const response = withSecurityHeaders(await env.ASSETS.fetch(request), { environment: env.ENVIRONMENT, csp: CSP, referrerPolicy: referrerPolicy(pathname) });
    response.headers.set("cache-control", cacheControl(pathname));
    return response;
  },
} satisfies ExportedHandler<PortalEnv>;
