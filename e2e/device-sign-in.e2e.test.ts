/**
 * Desktop sign-in in a real browser: the TypeScript client's command-line program starts
 * it (the app's side), the customer signs in to the portal, types the code the way
 * people do (lower case, no dash) and approves; the program ends with a valid
 * activation. A second sign-in, opened from its complete link on a phone, is denied.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiPost, apiUrl, portalUrl, signInLink, waitForMail } from "./api";
import { browserForThisFile, screenshotPath } from "./browser";
import { expectOutcome, PROGRAMS, runClient, startClient } from "./client-cli";
import { claimsOf, exportKeys, machine, sha256Hex } from "./client-stack";

const browser = browserForThisFile();
const typescript = PROGRAMS.find((p) => p.name === "typescript")!;
const work = mkdtempSync(join(tmpdir(), "device-e2e-"));
const keysFile = join(work, "keys.json");
beforeAll(() => void exportKeys(keysFile));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A customer with a license of 2 seats. */
async function customer(label: string): Promise<string> {
  const email = `device-e2e-${label}-${Date.now().toString(36)}@example.com`;
  expect((await apiPost("/dev/licenses", { email, seats: 2 })).status).toBe(201);
  return email;
}

/** Opens `url` signed out: the portal sends the person to sign in, and back to `url` after. */
async function signInFrom(page: Page, url: string, email: string): Promise<void> {
  await page.goto(url);
  await page.waitForURL("**/sign-in/");
  await page.getByLabel("Email used for your purchase").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.waitForURL("**/sign-in/check-email/**");
  await page.goto(signInLink((await waitForMail(email, "sign-in link")).text));
  await page.getByRole("button", { name: "Sign in to ChartGPT" }).click();
  await page.waitForURL(url);
}

/** The program's `sign-in` for a new simulated computer, once it has shown its code. */
async function appSignIn(label: string) {
  const dir = mkdtempSync(join(work, `${label}-`));
  const fp = machine(label);
  const args = (command: string) => [command, "--api", apiUrl(), "--state", dir, "--fingerprint", fp, "--keys", keysFile];
  const run = startClient(typescript, [...args("sign-in"), "--name", `E2E ${label}`]);
  const [, uri, userCode] = await run.stderrLine(/^Open (\S+) and enter ([A-Z]{4}-[A-Z]{4})$/, 90_000);
  return { dir, fp, run, uri: uri!, userCode: userCode!, cli: (command: string) => runClient(typescript, args(command)) };
}

const focusedId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

describe("desktop sign-in through the portal", () => {
  it("the app shows a code; the customer signs in, enters it in lower case without the dash and approves; the app is activated", {
    timeout: 180_000,
  }, async () => {
    const email = await customer("approve");
    const app = await appSignIn("trading-desk");
    expect(app.uri).toBe(`${portalUrl()}/activate/`);

    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => m.type() === "error" && consoleErrors.push(m.text()));
    await signInFrom(page, app.uri, email);

    // Typed as people type it; the field is labelled and has the focus.
    await expect.poll(() => focusedId(page)).toBe("user-code");
    await page.getByLabel("Code shown in the app").fill(app.userCode.replace("-", "").toLowerCase());
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#request").isVisible()).toBe(true);
    expect(await focusedId(page)).toBe("request-heading");
    expect(await page.locator("#request-name").innerText()).toBe("E2E trading-desk");
    expect(await page.locator("#request-code").innerText()).toBe(app.userCode);
    // From request.cf (wrangler dev has a stand-in one; production the caller's own).
    expect(await page.locator("#request-country").innerText()).toMatch(/^(Unknown|.+ \([A-Z]{2}\))$/);
    expect(await page.locator("#request-warning").innerText()).toContain("Approve only a sign-in you started yourself");
    await page.screenshot({ path: screenshotPath("device-approval-desktop"), fullPage: true });

    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("#result-heading").innerText()).toBe("Approved");
    expect(await focusedId(page)).toBe("result-heading");

    const done = await app.run.done;
    expectOutcome(done, { code: "ACTIVATED", ok: true, exit: 0 });
    expect(done.out).toMatchObject({ user_code: app.userCode, seats: 2, seats_used: 1, activation_id: expect.stringMatching(/^act_/) });
    expect(claimsOf(typescript.state.readToken(app.dir)!)).toMatchObject({ act: done.out.activation_id, fp: sha256Hex(app.fp) });
    expectOutcome(await app.cli("validate"), { code: "VALID", valid: true, offline: false, exit: 0 });

    // The dashboard shows the machine, and the activity says how it got there.
    await page.goto(`${portalUrl()}/`);
    await expect.poll(() => page.locator(`tr[data-machine="${done.out.activation_id}"]`).isVisible()).toBe(true);
    await expect.poll(() => page.locator("#activity-list").innerText()).toContain("Desktop sign-in approved");
    expect(consoleErrors.filter((e) => !e.includes("401"))).toEqual([]);
    await context.close();
  });

  it("at the seat limit shows the machines, frees one from the page, and approves again", { timeout: 180_000 }, async () => {
    const email = `device-e2e-full-${Date.now().toString(36)}@example.com`;
    const granted = await apiPost<{ license_key: string }>("/dev/licenses", { email, seats: 1 });
    const taken = await apiPost<{ activation: { id: string } }>("/v1/licenses/activate", {
      license_key: granted.body.license_key,
      fingerprint: machine("old-laptop"),
      name: "Old laptop",
      platform: "windows",
    });
    expect(taken.status).toBe(201);
    const app = await appSignIn("new-desk");
    const context = await browser().newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signInFrom(page, `${app.uri}?code=${app.userCode}`, email);
    await expect.poll(() => page.locator("#request").isVisible()).toBe(true);

    await page.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("#seats").isVisible()).toBe(true);
    expect(await focusedId(page)).toBe("seats-heading");
    await expect.poll(() => page.locator("#seat-machines").innerText()).toContain("Old laptop");
    await page.screenshot({ path: screenshotPath("device-approval-seat-limit-desktop"), fullPage: true });

    await page.getByRole("button", { name: "Deactivate Old laptop" }).click();
    await expect.poll(() => page.locator(`#seat-machines li[data-machine="${taken.body.activation.id}"]`).count()).toBe(0);
    expect(await focusedId(page)).toBe("retry");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("#result-heading").innerText()).toBe("Approved");
    expectOutcome(await app.run.done, { code: "ACTIVATED", ok: true, exit: 0 });
    await context.close();
  });

  it("opened from the app's complete link on a phone, shows the request at once; denied, the app ends with ACCESS_DENIED", { timeout: 180_000 }, async () => {
    const email = await customer("deny");
    const app = await appSignIn("stranger");
    const context = await browser().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    // The code rides along through sign-in, and the request shows without typing anything.
    await signInFrom(page, `${app.uri}?code=${app.userCode}`, email);
    await expect.poll(() => page.locator("#request").isVisible()).toBe(true);
    expect(await page.getByLabel("Code shown in the app").inputValue()).toBe(app.userCode);
    await page.screenshot({ path: screenshotPath("device-approval-phone"), fullPage: true });

    await page.getByRole("button", { name: "Deny" }).click();
    await expect.poll(() => page.locator("#result-heading").innerText()).toBe("Denied");
    const done = await app.run.done;
    expectOutcome(done, { code: "ACCESS_DENIED", ok: false, exit: 2 });
    expectOutcome(await app.cli("status"), { code: "NO_STATE", valid: false, exit: 2 });
    await context.close();
  });
});
