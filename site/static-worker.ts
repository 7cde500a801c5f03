/**
 * The site's and the docs' Worker: static assets only, with caching and security
 * headers added here. Fingerprinted assets (name.<hash>.css/js) never change, so they
 * are cached for a year; pages revalidate on every visit so a content fix shows at once.
 */
import { contentSecurityPolicy, OWN_ORIGIN_ONLY, withSecurityHeaders } from "../src/http/security-headers";

/**
 * The bindings of whichever of the two Workers is compiled: each has its own program with
 * its own `wrangler types` output (site/tsconfig.worker.json, site/docs/tsconfig.worker.json),
 * where Cloudflare.Env is that Worker's Env. CONNECT_ORIGINS (the origins this site's
 * scripts may call: the API, for the Buy button) is configured for the site only.
 */
export type StaticEnv = Cloudflare.Env & { CONNECT_ORIGINS?: string };

const FINGERPRINTED = /\/assets\/[\w-]+\.[0-9a-f]{10}\.(css|js)$/;

export function cacheControl(pathname: string, status: number): string {
  if (status >= 400) return "no-store";
  if (FINGERPRINTED.test(pathname)) return "public, max-age=31536000, immutable";
  if (pathname.startsWith("/images/") || pathname === "/favicon.svg") return "public, max-age=86400";
  return "public, max-age=0, must-revalidate";
}

function contentSecurityPolicyFor(env: StaticEnv): string {
  const connect = ["'self'", ...(env.CONNECT_ORIGINS ?? "").split(/\s+/).filter(Boolean)].join(" ");
  return contentSecurityPolicy({ ...OWN_ORIGIN_ONLY, "connect-src": connect });
}

export const staticSite = {
  async fetch(request: Request, env: StaticEnv): Promise<Response> {
    const asset = await env.ASSETS.fetch(request);
    const response = withSecurityHeaders(asset, {
      environment: env.ENVIRONMENT,
      csp: contentSecurityPolicyFor(env),
      referrerPolicy: "strict-origin-when-cross-origin",
    });
    response.headers.set("cache-control", cacheControl(new URL(request.url).pathname, response.status));
    return response;
  },
} satisfies ExportedHandler<StaticEnv>;
