import { beforeAll, describe, expect, inject, it } from "vitest";
import { PORTAL_PAGES } from "../portal/pages/pages.mjs";
import { securityHeaderProblems, type HeaderExpectation } from "../test/helpers/security-headers";
import { adminToken, apiPost, apiUrl, portalUrl, sitemapUrls } from "./api";
import { browserForThisFile } from "./browser";

// Every HTML page of the five Workers, on the real stack (wrangler dev, development
// settings): each answer carries the agreed security headers (test/helpers/
// security-headers.ts), and Chromium loads each one without a policy complaint (an
// unknown Permissions-Policy feature, a blocked script or style).

interface Visit {
  url: string;
  status: number;
  referrerPolicy: HeaderExpectation["referrerPolicy"];
  init?: RequestInit;
  /** For the browser pass: the cookie a signed-in visitor has. */
  cookie?: { name: string; value: string };
}

const browser = browserForThisFile();

/** The portal pages whose URL carries a credential (portal/src/worker.ts): no referrer at all. */
const NO_REFERRER_PAGES = ["/sign-in", "/activate"];

async function everyPage(): Promise<Visit[]> {
  const portal: Visit[] = PORTAL_PAGES.map((p) => ({
    url: portalUrl() + (p.path ?? "/no/such/page"),
    status: p.path ? 200 : 404,
    referrerPolicy: NO_REFERRER_PAGES.some((prefix) => p.path?.startsWith(prefix)) ? "no-referrer" : "strict-origin-when-cross-origin",
  }));

  const support = inject("supportUrl");
  const staff = { name: "CF_Authorization", value: adminToken("headers@chartgpt.example") };
  const consolePages: Visit[] = [
    { url: `${support}/`, status: 401, referrerPolicy: "same-origin" },
    { url: `${support}/`, status: 200, referrerPolicy: "same-origin", init: { headers: { cookie: `${staff.name}=${staff.value}` } }, cookie: staff },
    { url: `${support}/`, status: 403, referrerPolicy: "same-origin", init: { method: "POST", headers: { origin: "https://evil.example" } } },
  ];

  const { body } = await apiPost<{ url: string }>("/v1/checkout/sessions", { quantity: 1 });
  const form = (email: string): RequestInit => ({
    method: "POST",
    headers: { origin: apiUrl(), "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, quantity: "1" }).toString(),
    redirect: "manual",
  });
  const paid = await fetch(`${body.url}/confirm`, form("headers-e2e@example.com"));
  expect(paid.status).toBe(303);
  const apiPages: Visit[] = [
    { url: body.url, status: 200, referrerPolicy: "same-origin" },
    { url: `${body.url}/confirm`, status: 400, referrerPolicy: "same-origin", init: form("not-an-email") },
    { url: new URL(paid.headers.get("location")!, apiUrl()).href, status: 200, referrerPolicy: "same-origin" },
  ];

  const sites: Visit[] = [];
  for (const origin of [inject("siteUrl"), inject("docsUrl")]) {
    for (const url of await sitemapUrls(origin)) sites.push({ url, status: 200, referrerPolicy: "strict-origin-when-cross-origin" });
    sites.push({ url: `${origin}/no/such/page`, status: 404, referrerPolicy: "strict-origin-when-cross-origin" });
  }
  return [...portal, ...consolePages, ...apiPages, ...sites];
}

describe("security headers on every HTML page of every Worker", () => {
  let pages: Visit[];
  beforeAll(async () => {
    pages = await everyPage();
  });

  it("each answer carries the agreed set, and no page has inline script or style attributes", async () => {
    expect(pages.length).toBeGreaterThanOrEqual(20);
    const problems: Record<string, string[]> = {};
    for (const visit of pages) {
      const res = await fetch(visit.url, visit.init);
      const html = await res.text();
      const found = securityHeaderProblems(res.headers, { environment: "development", referrerPolicy: visit.referrerPolicy });
      if (res.status !== visit.status) found.push(`status ${res.status}, expected ${visit.status}`);
      if (!res.headers.get("content-type")?.includes("text/html")) found.push(`content-type ${res.headers.get("content-type")}`);
      if (/<script(?![^>]*\bsrc=)[^>]*>/.test(html)) found.push("an inline script");
      if (/\sstyle="/.test(html)) found.push("an inline style attribute");
      if (found.length > 0) problems[`${visit.init?.method ?? "GET"} ${visit.url}`] = found;
    }
    expect(problems).toEqual({});
  });

  it("Chromium loads each page without a policy complaint", async () => {
    const complaints: string[] = [];
    for (const visit of pages.filter((p) => !p.init?.method)) {
      const context = await browser().newContext();
      if (visit.cookie) await context.addCookies([{ ...visit.cookie, url: visit.url }]);
      const page = await context.newPage();
      page.on(
        "console",
        (m) => /Permissions-Policy|Content Security Policy|Content-Security-Policy|Refused to/i.test(m.text()) && complaints.push(`${visit.url}: ${m.text()}`),
      );
      await page.goto(visit.url, { waitUntil: "load" });
      await context.close();
    }
    expect(complaints).toEqual([]);
  });
});
