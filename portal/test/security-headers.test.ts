import { describe, expect, it } from "vitest";
import { CHECKED_HEADERS, securityHeaderProblems, type HeaderExpectation } from "../../test/helpers/security-headers";
import portalWorker from "../src/worker";

// Every HTML answer of the portal carries the agreed security headers (README,
// "Security"); the other Workers have the same test beside them, and
// e2e/security-headers.e2e.test.ts walks the real pages of the running stack. Type-checked
// in the portal Worker's own program (portal/tsconfig.worker.json).

const ENVIRONMENTS = ["development", "production"] as const;

/** Stands in for the assets binding: every path is an HTML page (`status` 404: the not-found page). */
const assets = (status = 200) =>
  ({
    fetch: async () => new Response("<!doctype html><title>page</title>", { status, headers: { "content-type": "text/html; charset=utf-8" } }),
  }) as unknown as Fetcher;
const api = { fetch: async () => new Response("{}") } as unknown as Fetcher;

const portal = (path: string, environment: string, status = 200) =>
  portalWorker.fetch(new Request(`http://127.0.0.1:8788${path}`), { API: api, ASSETS: assets(status), ENVIRONMENT: environment });

async function expectAgreed(response: Response, expected: HeaderExpectation) {
  expect(response.headers.get("content-type") ?? "").toContain("text/html");
  expect(securityHeaderProblems(response.headers, expected)).toEqual([]);
}

describe.each(ENVIRONMENTS)("every HTML answer of the portal carries the agreed security headers (%s)", (environment) => {
  it.each([
    ["/", "strict-origin-when-cross-origin"],
    ["/thanks/", "strict-origin-when-cross-origin"],
    ["/sign-in/", "no-referrer"],
    ["/sign-in/check-email/", "no-referrer"],
    ["/sign-in/confirm/", "no-referrer"],
    // The desktop sign-in page: a live user code rides in its query.
    ["/activate/", "no-referrer"],
    ["/activate/?code=BCDF-GHJK", "no-referrer"],
  ] as const)("portal %s", async (path, referrerPolicy) => {
    await expectAgreed(await portal(path, environment), { environment, referrerPolicy });
  });

  it("portal: the not-found page", async () => {
    await expectAgreed(await portal("/no/such/page", environment, 404), { environment, referrerPolicy: "strict-origin-when-cross-origin" });
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
