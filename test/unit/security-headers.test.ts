import { describe, expect, it } from "vitest";
import { page } from "../../src/http/html";
import { post, request } from "../helpers/api";
import { securityHeaderProblems, type HeaderExpectation } from "../helpers/security-headers";

// The API's own HTML pages (development tools only) carry the agreed security headers
// (README, "Security"); each other Worker has the same test beside it (portal/test,
// support/test, site/test), and e2e/security-headers.e2e.test.ts walks the running stack.

async function expectAgreed(response: Response, expected: HeaderExpectation) {
  expect(response.headers.get("content-type") ?? "").toContain("text/html");
  expect(securityHeaderProblems(response.headers, expected)).toEqual([]);
}

describe("the API's pages (development only)", () => {
  it("the API's dev checkout: the page, a refused form, the receipt", async () => {
    const created = await post("/v1/checkout/sessions", { quantity: 1 });
    const path = new URL(created.body.url).pathname;
    const checkout = await request(path);
    expect(checkout.status).toBe(200);
    await expectAgreed(new Response(null, { headers: checkout.headers }), { environment: "development", referrerPolicy: "same-origin" });
    const refused = await request(`${path}/confirm`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=not-an-email",
    });
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
