import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { DEV_ROUTES } from "../../src/routes";
import { isDevelopment, isLoopbackOrigin, type Env } from "../../src/core/env";
import worker from "../../src/index";
import { MailerNotConfigured, mailerFor } from "../../src/mail/mailer";
import { BASE } from "../helpers/api";
import { staffToken } from "../helpers/staff";

// The dev tools (free licenses, the mailbox with every sign-in link, a staff-token issuer
// whose private key sits in .dev.vars, a checkout that mints seats) must not exist in a
// deployed Worker — and not because of one variable alone.

const production = { ...env, ENVIRONMENT: "production", PUBLIC_API_ORIGIN: "https://api.chartgpt.example" } as Env;
/** A deploy where someone set ENVIRONMENT=development by mistake: the origin still says "not this machine". */
const mistakenDevelopment = { ...env, ENVIRONMENT: "development", PUBLIC_API_ORIGIN: "https://api.chartgpt.example" } as Env;
/** A loopback origin alone (a staging copy run locally as production) opens nothing either. */
const loopbackProduction = { ...env, ENVIRONMENT: "production" } as Env;

async function call(target: Env, path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(BASE + path, init), target, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json().catch(() => null)) as { error?: { code: string } } | null };
}

const concrete = (path: string) => path.replace(":id", "cs_test_dev_abc");
const json = { "content-type": "application/json" };

describe.each([
  ["production", production],
  ["ENVIRONMENT=development on a public origin", mistakenDevelopment],
  ["production on a loopback origin", loopbackProduction],
])("%s", (_label, target) => {
  it("is not development", () => {
    expect(isDevelopment(target)).toBe(false);
  });

  it.each(DEV_ROUTES.map((route) => [route.method, route.path] as const))("%s %s answers 404 in the envelope", async (method, path) => {
    const res = await call(
      target,
      concrete(path),
      method === "POST" ? { method, headers: json, body: JSON.stringify({ email: "x@example.com", seats: 5 }) } : {},
    );
    expect(res.status).toBe(404);
    expect(res.body?.error?.code).toBe("NOT_FOUND");
  });

  it("a token from the dev Access issuer opens nothing, even with its keys configured", async () => {
    // Outside development the keys come from the team's Access certs (which cannot be
    // reached offline: answered here as unavailable), never from ACCESS_DEV_JWKS.
    const certs = vi.spyOn(globalThis, "fetch").mockResolvedValue(new Response("unavailable", { status: 503 }));
    try {
      const res = await call(target, "/v1/admin/me", { headers: { "cf-access-jwt-assertion": await staffToken() } });
      expect(res.status).toBe(401);
      expect(String(certs.mock.calls[0]?.[0])).toBe(`https://${env.ACCESS_TEAM_DOMAIN}/cdn-cgi/access/certs`);
    } finally {
      certs.mockRestore();
    }
  });

  it("email is never kept in the dev mailbox: without a provider, sending fails loudly", () => {
    expect(() => mailerFor({ ...target, MAIL_PROVIDER: "" })).toThrow(MailerNotConfigured);
  });
});

describe("local development", () => {
  it("has the dev routes (the guard is not simply always closed)", async () => {
    expect(isDevelopment(env as Env)).toBe(true);
    expect((await call(env as Env, "/dev/mailbox")).status).toBe(200);
  });

  it.each([
    ["http://127.0.0.1:8787", true],
    ["http://localhost:8787", true],
    ["http://[::1]:8787", true],
    ["http://127.0.0.1.nip.io:8787", false],
    ["https://api.chartgpt.example", false],
    ["http://10.0.0.5:8787", false],
    ["not a url", false],
  ])("%s is loopback: %s", (origin, expected) => {
    expect(isLoopbackOrigin(origin)).toBe(expected);
  });
});
