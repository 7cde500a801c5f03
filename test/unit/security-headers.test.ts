import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import portalWorker from "../../portal/src/worker";
import { staticSite } from "../../site/static-worker";
import { page } from "../../src/http/html";
import supportWorker from "../../support/src/worker";
import { post, request } from "../helpers/api";
import { CHECKED_HEADERS, securityHeaderProblems, type HeaderExpectation } from "../helpers/security-headers";
import { staffToken } from "../helpers/staff";

// Every HTML answer of every Worker carries the agreed security headers (README,
// "Security"). Each Worker's own fetch runs here with stub assets, in development and in
// production; e2e/security-headers.e2e.test.ts walks the real pages of the running stack.

const ENVIRONMENTS = ["development", "production"] as const;
const SUPPORT = "http://127.0.0.1:8791";

/** Stands in for the assets binding: every path is an HTML page (`status` 404: the not-found page). */
const assets = (status = 200) =>
  ({ fetch: async () => new Response("<!doctype html><title>page</title>", { status, headers: { "content-type": "text/html; charset=utf-8" } }) }) as unknown as Fetcher;
const api = { fetch: async () => new Response("{}") } as unknown as Fetcher;

const portal = (path: string, environment: string, status = 200) =>
  portalWorker.fetch(new Request(`http://127.0.0.1:8788${path}`), { API: api, ASSETS: assets(status), ENVIRONMENT: environment });

const supportEnv = (environment: string) => ({
  ENVIRONMENT: environment,
  ACCESS_TEAM_DOMAIN: env.ACCESS_TEAM_DOMAIN,
  ACCESS_AUD: env.ACCESS_AUD,
  ACCESS_DEV_JWKS: env.ACCESS_DEV_JWKS,
  ASSETS: assets(),
  API: api,
});
const support = (init: RequestInit, environment: string) => supportWorker.fetch(new Request(`${SUPPORT}/`, init), supportEnv(environment));

const site = (path: string, environment: string, status = 200) =>
  staticSite.fetch(new Request(`http://127.0.0.1:8789${path}`), { ASSETS: assets(status), ENVIRONMENT: environment, CONNECT_ORIGINS: "http://127.0.0.1:8787" });

async function expectAgreed(response: Response, expected: HeaderExpectation) {
  expect(response.headers.get("content-type") ?? "").toContain("text/html");
  expect(securityHeaderProblems(response.headers, expected)).toEqual([]);
}

describe.each(ENVIRONMENTS)("every HTML answer carries the agreed security headers (%s)", (environment) => {
  it.each([
    ["/", "strict-origin-when-cross-origin"],
    ["/thanks/", "strict-origin-when-cross-origin"],
    ["/sign-in/", "no-referrer"],
    ["/sign-in/check-email/", "no-referrer"],
    ["/sign-in/confirm/", "no-referrer"],
  ] as const)("portal %s", async (path, referrerPolicy) => {
    await expectAgreed(await portal(path, environment), { environment, referrerPolicy });
  });

  it("portal: the not-found page", async () => {
    await expectAgreed(await portal("/no/such/page", environment, 404), { environment, referrerPolicy: "strict-origin-when-cross-origin" });
  });

  it("support console: the staff sign-in page, and a refused forged post", async () => {
    const signIn = await support({}, environment);
    expect(signIn.status).toBe(401);
    await expectAgreed(signIn, { environment, referrerPolicy: "same-origin" });
    const forged = await support({ method: "POST", headers: { origin: "https://evil.example" } }, environment);
    expect(forged.status).toBe(403);
    await expectAgreed(forged, { environment, referrerPolicy: "same-origin" });
  });

  it.each(["/", "/pricing/", "/no/such/page"])("site and docs %s", async (path) => {
    await expectAgreed(await site(path, environment, path.startsWith("/no/") ? 404 : 200), { environment, referrerPolicy: "strict-origin-when-cross-origin" });
  });
});

describe("pages that exist in development only", () => {
  it("support console: the console itself, for a signed-in staff member", async () => {
    const res = await support({ headers: { "cf-access-jwt-assertion": await staffToken() } }, "development");
    expect(res.status).toBe(200);
    await expectAgreed(res, { environment: "development", referrerPolicy: "same-origin" });
  });

  it("the API's dev checkout: the page, a refused form, the receipt", async () => {
    const created = await post("/v1/checkout/sessions", { quantity: 1 });
    const path = new URL(created.body.url).pathname;
    const checkout = await request(path);
    expect(checkout.status).toBe(200);
    await expectAgreed(new Response(null, { headers: checkout.headers }), { environment: "development", referrerPolicy: "same-origin" });
    const refused = await request(`${path}/confirm`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "email=not-an-email" });
    expect(refused.status).toBe(400);
    await expectAgreed(new Response(null, { headers: refused.headers }), { environment: "development", referrerPolicy: "same-origin" });
    await expectAgreed(await page("Receipt", "<h1>Thank you</h1>"), { environment: "development", referrerPolicy: "same-origin" });
  });

  it("the API's pages allow their one inline style sheet by its hash, nothing inline besides", async () => {
    const res = await page("Styled", "<p>x</p>");
    const style = /<style>([\s\S]*?)<\/style>/.exec(await res.text())![1]!;
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style)));
    expect(res.headers.get("content-security-policy")).toContain(`style-src 'sha256-${btoa(String.fromCharCode(...digest))}'`);
  });
});

describe("the check itself", () => {
  it("fails an answer that lacks any one agreed header, or has the wrong referrer policy", async () => {
    const good = await portal("/", "production");
    const expected = { environment: "production", referrerPolicy: "strict-origin-when-cross-origin" } as const;
    expect(securityHeaderProblems(good.headers, expected)).toEqual([]);
    for (const name of CHECKED_HEADERS) {
      const dropped = new Headers(good.headers);
      dropped.delete(name);
      expect(securityHeaderProblems(dropped, expected), name).not.toEqual([]);
    }
    expect(securityHeaderProblems(good.headers, { ...expected, referrerPolicy: "no-referrer" })).not.toEqual([]);
    expect(securityHeaderProblems(good.headers, { ...expected, environment: "development" })).not.toEqual([]);
    const inline = new Headers(good.headers);
    inline.set("content-security-policy", `${inline.get("content-security-policy")!.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")}`);
    expect(securityHeaderProblems(inline, expected)).toEqual(["CSP allows inline code, eval or wildcards", "CSP styles from 'self' 'unsafe-inline'"]);
  });
});
