import { describe, expect, inject, it } from "vitest";
import { adminToken, apiPost, waitForMail } from "./api";
import { browserForThisFile, screenshotPath } from "./browser";

const browser = browserForThisFile();

describe("support console in a real browser", () => {
  it("finds a customer by email, reads the timeline, deactivates a machine with a reason, sees the event on top", async () => {
    const email = `support-e2e-${Date.now().toString(36)}@example.com`;
    const granted = await apiPost<{ license_key: string }>("/dev/licenses", { email, seats: 3 });
    for (const [fp, name] of [
      ["e2e-office-pc-0001", "Office PC"],
      ["e2e-laptop-00000002", "Laptop"],
    ]) {
      expect((await apiPost("/v1/licenses/activate", { license_key: granted.body.license_key, fingerprint: fp, name, platform: "windows" })).status).toBe(201);
    }
    // Let the write-through reach D1, where support reads.
    await new Promise((r) => setTimeout(r, 500));

    const page = await browser().newPage({ viewport: { width: 1360, height: 900 } });
    const support = inject("supportUrl");
    const signIn = await page.goto(support + "/");
    expect(signIn?.status()).toBe(401);
    await page.getByLabel("Dev Access token").fill(adminToken("agent@chartgpt.example"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("#staff-email").innerText()).toBe("agent@chartgpt.example");

    await page.getByLabel(/Find a customer/).fill(email.slice(0, 20));
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.locator("#account-email").innerText()).toBe(email);
    await expect.poll(() => page.locator("#licenses").innerText()).toContain("2 of 3 seats in use");
    await expect.poll(() => page.locator("#timeline li.event").count()).toBe(4);
    expect(await page.locator("#timeline li.day").count()).toBeGreaterThanOrEqual(1);

    await page.locator("tr", { hasText: "Laptop" }).getByRole("button", { name: "Deactivate…" }).click();
    await page.getByLabel("Reason (kept in the audit trail)").fill("Customer replaced the laptop (ticket 1234)");
    await page.locator("#action-confirm").click();
    await expect.poll(() => page.locator("#licenses").innerText()).toContain("1 of 3 seats in use");
    const top = page.locator("#timeline li.event").first();
    await expect.poll(() => top.innerText()).toContain("machine.deactivated");
    expect(await top.innerText()).toContain("agent@chartgpt.example");
    expect(await top.innerText()).toContain("Customer replaced the laptop (ticket 1234)");
    await page.screenshot({ path: screenshotPath("support-console"), fullPage: true });
    await page.close();
  });
});

describe("support console: an account's email", () => {
  it("shows the seat policies, changes the email with a reason, and both addresses hear of it", async () => {
    const stamp = Date.now().toString(36);
    const email = `email-change-e2e-${stamp}@example.com`;
    const newEmail = `email-change-e2e-${stamp}-new@example.com`;
    const granted = await apiPost<{ account_id: string }>("/dev/licenses", { email, seats: 2 });
    await new Promise((r) => setTimeout(r, 500));

    const page = await browser().newPage({ viewport: { width: 1360, height: 900 } });
    await page.goto(inject("supportUrl") + "/");
    await page.getByLabel("Dev Access token").fill(adminToken("agent@chartgpt.example"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel(/Find a customer/).fill(email);
    await page.getByRole("button", { name: "Search" }).click();
    await expect.poll(() => page.locator("#account-email").innerText()).toBe(email);
    // The policies this license runs under, so support can explain a release or a refusal.
    expect(await page.locator("#licenses").innerText()).toContain("Seat policies: stale after 30 days · 6 swaps per 30 days · 6 left");

    await page.getByRole("button", { name: "Change email…" }).click();
    await page.getByLabel("New email").fill(newEmail);
    await page.getByLabel("Reason (kept in the audit trail)").fill("Customer lost the old mailbox (ticket 5120)");
    await page.locator("#action-confirm").click();
    await expect.poll(() => page.locator("#account-email").innerText()).toBe(newEmail);
    const top = page.locator("#timeline li.event").first();
    await expect.poll(() => top.innerText()).toContain("account.email_changed");
    expect(await top.innerText()).toContain("Customer lost the old mailbox (ticket 5120)");
    expect(page.url()).toContain(granted.body.account_id);

    // An address another account has is refused in the dialog, which stays open.
    const other = `email-change-e2e-${stamp}-other@example.com`;
    await apiPost("/dev/licenses", { email: other, seats: 1 });
    await page.getByRole("button", { name: "Change email…" }).click();
    await page.getByLabel("New email").fill(other);
    await page.getByLabel("Reason (kept in the audit trail)").fill("Typo check");
    await page.locator("#action-confirm").click();
    await expect.poll(() => page.locator("#action-error").innerText()).toContain("Another account already has this email");
    await page.locator("#action-cancel").click();
    await page.close();

    await waitForMail(newEmail, "email changed");
    await waitForMail(email, "email changed");
  });
});

describe("support console against forged requests", () => {
  it("a foreign site's form post with the staff member's Access cookie changes nothing (403 at the console and at the API)", async () => {
    const email = `csrf-e2e-${Date.now().toString(36)}@example.com`;
    const granted = await apiPost<{ license_id: string }>("/dev/licenses", { email, seats: 3 });
    const support = inject("supportUrl");
    const cookie = `CF_Authorization=${adminToken("agent@chartgpt.example")}`;
    const forged = (url: string) =>
      fetch(url, {
        method: "POST",
        // What a browser sends for a foreign page's auto-submitting text/plain form.
        headers: { cookie, origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "text/plain" },
        body: JSON.stringify({ seats: 0, reason: "x" }),
      });
    const atConsole = await forged(`${support}/v1/admin/licenses/${granted.body.license_id}/seats`);
    expect(atConsole.status).toBe(403);
    expect(((await atConsole.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");

    // The same call from the console's own page goes through, so the refusal above was the origin's.
    const own = await fetch(`${support}/v1/admin/licenses/${granted.body.license_id}/seats`, {
      method: "POST",
      headers: { cookie, origin: support, "sec-fetch-site": "same-origin", "content-type": "application/json" },
      body: JSON.stringify({ seats: 5, reason: "ticket 12" }),
    });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { license: { seats: number } }).license.seats).toBe(5);
  });
});
