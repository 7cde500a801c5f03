import { env } from "cloudflare:workers";
import { importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { securityHeaderProblems, type HeaderExpectation } from "../../test/helpers/security-headers";
import supportWorker from "../src/worker";

// Every HTML answer of the support console carries the agreed security headers (README,
// "Security"). Type-checked in the console's own program (support/tsconfig.worker.json).

const SUPPORT = "http://127.0.0.1:8791";
/** The test pool's dev Access settings (the API's; the console verifies the same tokens). */
const access = env as unknown as { ACCESS_TEAM_DOMAIN: string; ACCESS_AUD: string; ACCESS_DEV_JWKS: string; ACCESS_DEV_PRIVATE_JWK: string };

const assets = {
  fetch: async () => new Response("<!doctype html><title>page</title>", { headers: { "content-type": "text/html; charset=utf-8" } }),
} as unknown as Fetcher;
const api = { fetch: async () => new Response("{}") } as unknown as Fetcher;

const supportEnv = (environment: string) => ({
  ENVIRONMENT: environment,
  ACCESS_TEAM_DOMAIN: access.ACCESS_TEAM_DOMAIN,
  ACCESS_AUD: access.ACCESS_AUD,
  ACCESS_DEV_JWKS: access.ACCESS_DEV_JWKS,
  ASSETS: assets,
  API: api,
});
const support = (init: RequestInit, environment: string) => supportWorker.fetch(new Request(`${SUPPORT}/`, init), supportEnv(environment));

async function staffToken(): Promise<string> {
  const jwk = JSON.parse(access.ACCESS_DEV_PRIVATE_JWK);
  return new SignJWT({ email: "agent@chartgpt.example", type: "app" })
    .setProtectedHeader({ alg: "RS256", kid: jwk.kid })
    .setIssuer(`https://${access.ACCESS_TEAM_DOMAIN}`)
    .setAudience(access.ACCESS_AUD)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(await importJWK(jwk, "RS256"));
}

async function expectAgreed(response: Response, expected: HeaderExpectation) {
  expect(response.headers.get("content-type") ?? "").toContain("text/html");
  expect(securityHeaderProblems(response.headers, expected)).toEqual([]);
}

describe.each(["development", "production"] as const)("every HTML answer of the support console carries the agreed security headers (%s)", (environment) => {
  it("the staff sign-in page, and a refused forged post", async () => {
    const signIn = await support({}, environment);
    expect(signIn.status).toBe(401);
    await expectAgreed(signIn, { environment, referrerPolicy: "same-origin" });
    const forged = await support({ method: "POST", headers: { origin: "https://evil.example" } }, environment);
    expect(forged.status).toBe(403);
    await expectAgreed(forged, { environment, referrerPolicy: "same-origin" });
  });
});

describe("pages that exist in development only", () => {
  it("the console itself, for a signed-in staff member", async () => {
    const res = await support({ headers: { "cf-access-jwt-assertion": await staffToken() } }, "development");
    expect(res.status).toBe(200);
    await expectAgreed(res, { environment: "development", referrerPolicy: "same-origin" });
  });
});
