/**
 * The support console Worker. Cloudflare Access stands in front of it in production and
 * adds `Cf-Access-Jwt-Assertion` (and a CF_Authorization cookie); this Worker verifies
 * that JWT on every request anyway — pages included — and passes it on to the admin API,
 * which verifies it again. Locally a dev issuer signs the tokens (`npm run admin:token`)
 * and /dev-login stores one in the same cookie Access would set.
 */
import { verifyStaff, type AccessSettings } from "../../src/admin/access";
import { isDevelopment } from "../../src/core/development";
import { newId } from "../../src/core/ids";
import { toErrorResponse } from "../../src/errors/handler";
import { assertOrigin } from "../../src/http/origin-check";
import { contentSecurityPolicy, OWN_ORIGIN_ONLY, securityHeaders } from "../../src/http/security-headers";

/** What `wrangler types` generates from support/wrangler.toml (types/support.d.ts). */
type SupportEnv = SupportBindings;

const COOKIE = "CF_Authorization";
const CSP = contentSecurityPolicy(OWN_ORIGIN_ONLY);

function headers(environment: string): Record<string, string> {
  return {
    // Not "no-referrer": with it a browser sends `Origin: null` on the console's own form
    // posts, which the origin check must refuse; "same-origin" still tells other sites nothing.
    ...securityHeaders({ environment, csp: CSP, referrerPolicy: "same-origin" }),
    // Staff pages show customers' data: nothing of them stays in a cache.
    "cache-control": "no-store",
  };
}

function tokenOf(request: Request): string | null {
  const header = request.headers.get("cf-access-jwt-assertion");
  if (header) return header;
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return rest.join("=");
  }
  return null;
}

function page(status: number, title: string, body: string, environment: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><link rel="stylesheet" href="/assets/console.css"></head><body><main class="narrow"><h1>${title}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { ...headers(environment), "content-type": "text/html; charset=utf-8" } });
}

async function devLogin(request: Request, env: SupportEnv): Promise<Response> {
  const form = await request.formData();
  const token = String(form.get("token") ?? "").trim();
  const cookie = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=28800`;
  return new Response(null, { status: 303, headers: { location: "/", "set-cookie": cookie, ...headers(env.ENVIRONMENT) } });
}

export default {
  async fetch(request: Request, env: SupportEnv): Promise<Response> {
    const url = new URL(request.url);
    // The console's own address stands in for the API's in the two-part development test:
    // its dev sign-in and the dev Access issuer exist only on this machine.
    const accessEnv: AccessSettings = { ...env, PUBLIC_API_ORIGIN: url.origin };
    const dev = isDevelopment(accessEnv);
    if (url.pathname.startsWith("/assets/") && url.pathname.endsWith(".css")) return env.ASSETS.fetch(request);
    // The Access cookie rides along on a form another site submits: anything that
    // changes state must come from the console's own pages (the API checks again).
    if (request.method !== "GET" && request.method !== "HEAD") {
      try {
        assertOrigin(request, [url.origin], "This request did not come from the support console.");
      } catch (err) {
        if (url.pathname.startsWith("/v1/")) return toErrorResponse(err, newId("req"));
        return page(403, "Request refused", "<p>This request did not come from the support console.</p>", env.ENVIRONMENT);
      }
    }
    if (dev && url.pathname === "/dev-login" && request.method === "POST") return devLogin(request, env);

    const token = tokenOf(request);
    const forwarded = new Request(request, { headers: new Headers(request.headers) });
    if (token) forwarded.headers.set("cf-access-jwt-assertion", token);
    try {
      await verifyStaff(forwarded, accessEnv);
    } catch {
      if (url.pathname.startsWith("/v1/")) return env.API.fetch(forwarded); // the API answers 401 in its envelope
      const hint = dev
        ? `<p>Run <code>npm run admin:token -- --email you@example.com</code> and paste the token:</p>
           <form method="post" action="/dev-login"><label for="token">Dev Access token</label><textarea id="token" name="token" rows="4" required></textarea><p><button type="submit">Sign in</button></p></form>`
        : "<p>Sign in through Cloudflare Access to use the support console.</p>";
      return page(401, "Staff sign-in required", hint, env.ENVIRONMENT);
    }
    if (url.pathname.startsWith("/v1/admin/")) return env.API.fetch(forwarded);
    if (url.pathname.startsWith("/v1/")) return new Response("Not found", { status: 404, headers: headers(env.ENVIRONMENT) });

    const asset = await env.ASSETS.fetch(request);
    const response = new Response(asset.body, asset);
    for (const [name, value] of Object.entries(headers(env.ENVIRONMENT))) response.headers.set(name, value);
    return response;
  },
} satisfies ExportedHandler<SupportEnv>;
