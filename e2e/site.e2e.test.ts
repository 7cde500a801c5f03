import { describe, expect, inject, it } from "vitest";
import { sitemapUrls } from "./api";
import { browserForThisFile, screenshotPath } from "./browser";

const browser = browserForThisFile();

describe("website and docs, served", () => {
  it("answer every page with 200 HTML, assets with their types and caching, unknown paths with the 404 page", async () => {
    for (const origin of [inject("siteUrl"), inject("docsUrl")]) {
      const pages = await sitemapUrls(origin);
      expect(pages.length).toBeGreaterThanOrEqual(4);
      for (const url of pages) {
        const res = await fetch(url);
        expect(res.status, url).toBe(200);
        expect(res.headers.get("content-type"), url).toContain("text/html");
        expect(res.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
        expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        const html = await res.text();
        for (const asset of [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)) {
          const a = await fetch(origin + asset);
          expect(a.status, asset).toBe(200);
          expect(a.headers.get("content-type")).toMatch(asset.endsWith(".css") ? /text\/css/ : /javascript/);
          expect(a.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
        }
      }
      const missing = await fetch(`${origin}/no/such/page`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain("Page not found");
      expect((await fetch(`${origin}/robots.txt`)).status).toBe(200);
    }
  });

  it("home renders, and its Buy button reaches the dev checkout; screenshots at desktop and phone widths", async () => {
    const context = await browser().newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(inject("siteUrl") + "/");
    expect(await page.locator("h1").innerText()).toContain("Ask AI about the chart");
    await page.screenshot({ path: screenshotPath("site-home-desktop"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath("site-home-phone"), fullPage: true });

    await page.getByRole("button", { name: /Buy ChartGPT/ }).click();
    await page.waitForURL("**/dev/checkout/cs_test_dev_**");
    expect(await page.locator("h1").innerText()).toContain("ChartGPT");
    expect(errors).toEqual([]);

    const docs = await context.newPage();
    for (const [path, name] of [
      ["/", "docs-home"],
      ["/integration/", "docs-integration"],
    ] as const) {
      await docs.setViewportSize({ width: 1366, height: 900 });
      await docs.goto(inject("docsUrl") + path);
      await docs.screenshot({ path: screenshotPath(`${name}-desktop`), fullPage: false });
      await docs.setViewportSize({ width: 390, height: 844 });
      await docs.screenshot({ path: screenshotPath(`${name}-phone`), fullPage: false });
    }
    expect(await docs.locator("code[data-snippet='ChartGptLicense.cs']").count()).toBe(1);
    await context.close();
  });
});
