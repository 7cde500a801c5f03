import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiPost, portalUrl, signInLink, waitForMail } from "./api";
import { browserForThisFile, screenshotPath } from "./browser";

const browser = browserForThisFile();

const email = `e2e-${Date.now().toString(36)}@example.com`;

async function seatsShown(page: Page): Promise<string> {
  return (await page.locator(".seats").innerText()).replace(/\s+/g, " ").trim();
}

describe("customer portal in a real browser", () => {
  it("signs in with a magic link, watches seats move live, deactivates a machine, signs out", async () => {
    const granted = await apiPost<{ license_key: string }>("/dev/licenses", { email, seats: 2 });
    expect(granted.status).toBe(201);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));

    // Signed out: the dashboard sends us to sign in.
    await page.goto(portalUrl() + "/");
    await page.waitForURL("**/sign-in/");
    await page.getByLabel("Email used for your purchase").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.waitForURL("**/sign-in/check-email/**");
    await expect.poll(() => page.locator("#sent-to").innerText()).toBe(email);

    // The link from the mailbox opens a confirm page that does nothing until the click.
    const mail = await waitForMail(email, "sign-in link");
    await page.goto(signInLink(mail.text));
    await expect.poll(() => page.getByRole("button", { name: "Sign in to ChartGPT" }).isVisible()).toBe(true);
    await page.getByRole("button", { name: "Sign in to ChartGPT" }).click();
    await page.waitForURL(portalUrl() + "/");

    await expect.poll(() => page.locator("#license-key").innerText()).toBe(granted.body.license_key);
    await expect.poll(() => page.locator("#live-state").innerText()).toBe("Live");
    expect(await seatsShown(page)).toBe("0 of 2 seats in use");
    // The seat policies, before the customer needs them.
    expect(await page.locator("#stale-seat-rule").innerText()).toContain("has not been used for 30 days gives its seat to the new one");
    expect(await page.locator("#swaps-left").innerText()).toContain("deactivate 6 more machines in the next 30 days");

    // A desktop activation elsewhere shows up without a reload.
    const activation = await apiPost<{ activation: { id: string } }>("/v1/licenses/activate", {
      license_key: granted.body.license_key,
      fingerprint: "e2e-trading-desk-0001",
      name: "Trading desk",
      platform: "windows",
    });
    expect(activation.status).toBe(201);
    await expect.poll(() => seatsShown(page), { timeout: 5_000 }).toBe("1 of 2 seats in use");
    await expect.poll(() => page.locator(`tr[data-machine="${activation.body.activation.id}"]`).isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath("portal-dashboard-desktop"), fullPage: true });

    // Deactivate it from the UI, through the confirmation dialog.
    await page.locator(`button[data-activation="${activation.body.activation.id}"]`).click();
    await expect.poll(() => page.locator("#deactivate-dialog").isVisible()).toBe(true);
    await page.locator("#deactivate-dialog").getByRole("button", { name: "Deactivate", exact: true }).click();
    await expect.poll(() => seatsShown(page), { timeout: 5_000 }).toBe("0 of 2 seats in use");
    await expect.poll(() => page.locator("#machines-empty").isVisible()).toBe(true);
    await expect.poll(() => page.locator("#activity-list").innerText()).toContain("Machine deactivated");
    // That was a swap: the count comes over the live connection.
    await expect.poll(() => page.locator("#swaps-left").innerText()).toContain("deactivate 5 more machines");

    // Buy more seats from the portal: dev checkout, then the seats arrive live.
    await page.getByRole("button", { name: "Continue to checkout" }).click();
    await page.waitForURL("**/dev/checkout/**");
    expect(await page.getByLabel("Email for the license key").inputValue()).toBe(email);
    await page.getByRole("button", { name: /Pay/ }).click();
    await page.waitForURL("**/success**");
    await page.goto(portalUrl() + "/");
    await expect.poll(() => seatsShown(page), { timeout: 5_000 }).toBe("0 of 4 seats in use");
    await expect.poll(() => page.locator("#purchases-body").innerText()).toContain("paid");

    // Phone width (once the whole dashboard shows: it stays hidden until activity has loaded).
    await expect.poll(() => page.locator("#dashboard").isVisible()).toBe(true);
    await expect.poll(() => page.locator("#purchases-body").innerText()).toContain("1 × 2 seats");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath("portal-dashboard-phone"), fullPage: true });

    // Sign out: back to sign-in, and the dashboard no longer opens.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in/");
    await page.goto(portalUrl() + "/");
    await page.waitForURL("**/sign-in/");
    expect(consoleErrors.filter((e) => !e.includes("401"))).toEqual([]);
    await context.close();
  });

  it("a used or broken sign-in link shows a friendly error, and unknown pages a 404 page", async () => {
    const page = await browser().newPage();
    await page.goto(portalUrl() + "/sign-in/confirm/#token=0123456789ab.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    await page.getByRole("button", { name: "Sign in to ChartGPT" }).click();
    await expect.poll(() => page.locator("#confirm-message").innerText()).toContain("invalid, already used or expired");
    expect(await page.getByRole("link", { name: "Request a new sign-in link" }).isVisible()).toBe(true);

    const missing = await page.goto(portalUrl() + "/no/such/page");
    expect(missing?.status()).toBe(404);
    expect(await page.locator("h1").innerText()).toBe("Page not found");
    await page.close();
  });
});
