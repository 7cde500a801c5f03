/**
 * The portal's "Synced settings" card in a real browser, against the real stack: a
 * desktop machine writes documents with its license token; the signed-in customer sees
 * each one's name, size, last change and machine appear without a reload (never its
 * contents), and deletes one through the confirmation dialog, after which the machine
 * reads it as gone. (A stale delete is a conflict: test/sync/portal-and-support.test.ts.)
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { apiPost, apiUrl, portalUrl, signInLink, waitForMail } from "./api";
import { browserForThisFile, screenshotPath } from "./browser";

const browser = browserForThisFile();

/** A sync call as the desktop app makes it: the machine's license token as the bearer. */
async function sync(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(apiUrl() + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Signs `email` in through the magic link, as a person would; ends on the dashboard, live. */
async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(portalUrl() + "/sign-in/");
  await page.getByLabel("Email used for your purchase").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.waitForURL("**/sign-in/check-email/**");
  await page.goto(signInLink((await waitForMail(email, "sign-in link")).text));
  await page.getByRole("button", { name: "Sign in to ChartGPT" }).click();
  await page.waitForURL(portalUrl() + "/");
  await expect.poll(() => page.locator("#live-state").innerText()).toBe("Live");
}

const row = (page: Page, name: string) => page.locator(`tr[data-document="${name}"]`);

describe("the portal's synced settings card", () => {
  it("shows what the machines sync as they write it, and deletes one through the dialog", async () => {
    const email = `e2e-sync-${Date.now().toString(36)}@example.com`;
    const granted = await apiPost<{ license_key: string }>("/dev/licenses", { email, seats: 2 });
    expect(granted.status).toBe(201);
    const desk = await apiPost<{ token: string }>("/v1/licenses/activate", {
      license_key: granted.body.license_key,
      fingerprint: `e2e-sync-desk-${Date.now().toString(36)}`,
      name: "Trading desk",
      platform: "windows",
    });
    expect(desk.status).toBe(201);
    const token = desk.body.token;

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, email);
    await expect.poll(() => page.locator("#documents-empty").isVisible()).toBe(true);

    // Written on the desk: the card shows it live, with its size and the machine, not its data.
    const settings = { theme: "dark", secret_looking: "this text is never shown in the portal" };
    expect((await sync(token, "PUT", "/v1/sync/documents/settings", { data: settings, base_rev: 0 })).status).toBe(200);
    expect((await sync(token, "PUT", "/v1/sync/documents/presets", { data: ["scalp"], base_rev: 0 })).status).toBe(200);
    await expect.poll(() => row(page, "presets").isVisible(), { timeout: 5_000 }).toBe(true);
    const shown = await row(page, "settings").innerText();
    expect(shown).toContain(`${Buffer.byteLength(JSON.stringify(settings))} B`);
    expect(shown).toContain("on Trading desk");
    expect(await page.locator("#documents-body").innerText()).not.toContain("never shown");
    await page.screenshot({ path: screenshotPath("portal-synced-settings"), fullPage: true });

    // Delete through the dialog: gone from the card, and from the machine's point of view.
    await row(page, "presets").getByRole("button", { name: "Delete presets" }).click();
    await expect.poll(() => page.locator("#delete-document-dialog").isVisible()).toBe(true);
    expect(await page.locator("#delete-document-name").innerText()).toBe("presets");
    await page.locator("#delete-document-dialog").getByRole("button", { name: "Delete", exact: true }).click();
    await expect.poll(() => row(page, "presets").count(), { timeout: 5_000 }).toBe(0);
    await expect.poll(() => page.locator("#notice").innerText()).toContain("presets was deleted");
    expect((await sync(token, "GET", "/v1/sync/documents/presets")).status).toBe(404);

    // Cancel deletes nothing.
    await row(page, "settings").getByRole("button", { name: "Delete settings" }).click();
    await page.locator("#delete-document-dialog").getByRole("button", { name: "Cancel" }).click();
    expect((await sync(token, "GET", "/v1/sync/documents/settings")).status).toBe(200);
    await context.close();
  });
});
