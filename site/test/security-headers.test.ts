import { describe, expect, it } from "vitest";
import { securityHeaderProblems, type HeaderExpectation } from "../../test/helpers/security-headers";
import { staticSite } from "../static-worker";

// Every HTML answer of the site and the docs (one static Worker module) carries the
// agreed security headers (README, "Security"). Type-checked in the site Worker's own
// program (site/tsconfig.worker.json).

const assets = (status = 200) =>
  ({
    fetch: async () => new Response("<!doctype html><title>page</title>", { status, headers: { "content-type": "text/html; charset=utf-8" } }),
  }) as unknown as Fetcher;

const site = (path: string, environment: string, status = 200) =>
  staticSite.fetch(new Request(`http://127.0.0.1:8789${path}`), { ASSETS: assets(status), ENVIRONMENT: environment, CONNECT_ORIGINS: "http://127.0.0.1:8787" });

async function expectAgreed(response: Response, expected: HeaderExpectation) {
  expect(response.headers.get("content-type") ?? "").toContain("text/html");
  expect(securityHeaderProblems(response.headers, expected)).toEqual([]);
}

describe.each(["development", "production"] as const)("every HTML answer of the site and docs carries the agreed security headers (%s)", (environment) => {
  it.each(["/", "/pricing/", "/no/such/page"])("site and docs %s", async (path) => {
    await expectAgreed(await site(path, environment, path.startsWith("/no/") ? 404 : 200), { environment, referrerPolicy: "strict-origin-when-cross-origin" });
  });
});
