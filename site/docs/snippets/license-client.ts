// A Node or Electron app (main process) with @chartgpt/license-client: one client per
// process, the five calls, and what to tell the customer for each code. None of the
// calls throws for an API or network outcome: read `valid` and `code`.
import { join } from "node:path";
import { LicenseClient, type LicenseResult } from "@chartgpt/license-client";
import { PINNED_KEYS } from "./pinned-keys.js";

export function createLicenseClient(userDataDir: string, appVersion: string): LicenseClient {
  return new LicenseClient({
    apiUrl: "https://api.chartgpt.example",
    issuer: "https://api.chartgpt.example", // tokens must name it
    pinnedKeys: PINNED_KEYS, // compiled in: current + next key
    stateDir: join(userDataDir, "license"), // Electron: app.getPath("userData")
    appVersion,
  });
}

/** At start-up, then every few hours: may the licensed features run? */
export async function checkLicense(client: LicenseClient): Promise<boolean> {
  const result = await client.validate(); // online first, else the stored token (offline grace)
  if (!result.valid) console.warn(explain(result));
  return result.valid === true;
}

/** The License window. */
export async function onActivate(client: LicenseClient, licenseKey: string): Promise<string> {
  return explain(await client.activate(licenseKey)); // ACTIVATED, or ALREADY_ACTIVE on this machine
}

export async function onMoveToAnotherComputer(client: LicenseClient): Promise<string> {
  return explain(await client.deactivate()); // frees the seat, forgets key and token here
}

/** A status line: the stored state only, no network, no writes. */
export async function statusLine(client: LicenseClient): Promise<string> {
  return explain(await client.status());
}

/** Sign-in without a key: the customer approves the code in the portal. */
export async function onSignIn(client: LicenseClient, show: (text: string) => void, signal: AbortSignal): Promise<string> {
  const result = await client.signIn(({ userCode, verificationUri }) => show(`Open ${verificationUri} and enter ${userCode}`), { signal });
  return explain(result);
}

export function explain(result: LicenseResult): string {
  switch (result.code) {
    case "ACTIVATED":
    case "ALREADY_ACTIVE":
    case "VALID":
      return "Licensed.";
    case "VALID_OFFLINE":
      return `Licensed (offline until ${result.expiresAt?.toLocaleDateString()}).`;
    case "OFFLINE_EXPIRED":
      return "Connect to the internet to renew your license.";
    case "CLOCK_ROLLBACK":
      return "Your computer's clock is behind: fix it, then connect to the internet.";
    case "OFFLINE_TOKEN_INVALID":
    case "NO_STATE":
      return "Activate ChartGPT with your license key.";
    case "SEAT_LIMIT_REACHED":
      return "Every seat is in use: deactivate a computer in the customer portal.";
    case "REVOKED":
    case "LICENSE_REVOKED":
      return "This license was revoked. See the customer portal.";
    case "SUSPENDED":
    case "LICENSE_SUSPENDED":
      return "This license is suspended while a payment dispute is open.";
    case "NOT_ACTIVATED":
      return "This computer no longer holds a seat: activate it again.";
    case "NOT_FOUND":
    case "LICENSE_NOT_FOUND":
      return "No license matches this key: check the key in your email.";
    case "DEACTIVATION_LIMIT_REACHED":
      return "Too many computer moves this month: contact support.";
    case "DEACTIVATED":
      return "This computer's seat is free.";
    case "ACCESS_DENIED":
      return "The sign-in was denied in the customer portal.";
    case "EXPIRED_TOKEN":
      return "The code expired before it was approved: sign in again for a new one.";
    case "CANCELLED":
      return "Sign-in cancelled.";
    default:
      // NETWORK, RATE_LIMITED, UNAVAILABLE…: could not find out, and no usable token.
      return "Could not reach the license server; try again later.";
  }
}
