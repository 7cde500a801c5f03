/**
 * The desktop sign-in page (/activate/, API.md "Desktop sign-in"): the person enters the
 * code their app shows (or arrives with it in the address), sees which computer asked,
 * when and from where, and approves or denies. Nothing happens before they press a
 * button. Signed out, they sign in first and come back here (return-path.ts).
 */
import { api, ApiFailure, post } from "../../../web/shared/api";
import { byId, show } from "../../../web/shared/dom";
import { ago, formatDateTime } from "../../../web/shared/format";
import { showSeatLimit } from "./activate-seats";
import { rememberReturn } from "./return-path";
import type { DeviceRequestView as DeviceRequest } from "../../../src/core/views";

const form = byId<HTMLFormElement>("code-form");
const input = byId<HTMLInputElement>("user-code");
const message = byId("activate-message");
const request = byId("request");
const result = byId("result");
const countries = new Intl.DisplayNames(undefined, { type: "region" });
let current: string | null = null;

/** What the person typed, as the page shows it: letters only, upper case, XXXX-XXXX once complete. */
function tidy(typed: string): string {
  const letters = typed.replace(/[^A-Za-z]/g, "").toUpperCase();
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : letters;
}

function signInFirst(): never {
  rememberReturn(`/activate/${current ? `?code=${current}` : location.search}`);
  location.assign("/sign-in/");
  throw new Error("redirecting");
}

function focus(id: string): void {
  byId(id).focus();
}

function showOnly(section: HTMLElement | null): void {
  for (const s of [request, result, byId("seats")]) s.hidden = s !== section;
}

function finish(heading: string, text: string): void {
  byId("result-heading").textContent = heading;
  byId("result-text").textContent = text;
  showOnly(result);
  focus("result-heading");
}

function failed(err: unknown, fallback: string): void {
  if (err instanceof ApiFailure && err.status === 401) signInFirst();
  const text =
    err instanceof ApiFailure && err.code === "RATE_LIMITED"
      ? "Too many wrong codes. Wait 15 minutes, then try again."
      : err instanceof ApiFailure && err.status !== 0 && err.status < 500
        ? err.message
        : fallback;
  show(message, text);
}

function render(device: DeviceRequest): void {
  byId("request-name").textContent = device.name ?? "Unnamed computer";
  byId("request-platform").textContent = device.platform ?? "Not given";
  byId("request-version").textContent = device.app_version ?? "Not given";
  const when = byId("request-when");
  when.replaceChildren(Object.assign(document.createElement("time"), { dateTime: device.requested_at, textContent: formatDateTime(device.requested_at) }));
  when.append(` (${ago(device.requested_at)})`);
  byId("request-country").textContent = device.country ? `${countries.of(device.country) ?? device.country} (${device.country})` : "Unknown";
  byId("request-code").textContent = device.user_code;
}

async function lookUp(code: string): Promise<void> {
  show(message, "");
  showOnly(null);
  current = code;
  try {
    const device = await api<DeviceRequest>(`/v1/portal/devices/${encodeURIComponent(code)}`);
    if (device.status === "pending") {
      render(device);
      showOnly(request);
      focus("request-heading");
    } else if (device.status === "approved") finish("Already approved", "This computer is signed in. The app continues on its own.");
    else if (device.status === "denied") finish("Denied", "This sign-in was denied. Start a new one in the app if you need to.");
    else show(message, "This code has expired. Start the sign-in again in the app to get a new code.");
  } catch (err) {
    failed(err, "The code could not be checked. Try again.");
  }
}

async function decide(action: "approve" | "deny"): Promise<void> {
  if (!current) return;
  const buttons = [byId<HTMLButtonElement>("approve"), byId<HTMLButtonElement>("deny"), byId<HTMLButtonElement>("retry")];
  for (const b of buttons) b.disabled = true;
  show(message, "");
  try {
    await post(`/v1/portal/devices/${encodeURIComponent(current)}/${action}`);
    if (action === "approve") finish("Approved", `${byId("request-name").textContent} is signed in. The app continues on its own within a few seconds.`);
    else finish("Denied", "The app was not signed in. Nothing changed on your account.");
  } catch (err) {
    if (err instanceof ApiFailure && err.code === "SEAT_LIMIT_REACHED") {
      // The pressed button is hidden now: the new step's heading takes the focus at once,
      // before the machines arrive, so keyboard and screen-reader users are not left on nothing.
      showOnly(byId("seats"));
      focus("seats-heading");
      await showSeatLimit().catch(() => show(message, "Your machines could not be loaded. Free a seat in your account, then approve again."));
    } else failed(err, "That did not work. Try again.");
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const code = tidy(input.value);
  input.value = code;
  if (code.length !== 9) {
    show(message, "Enter the 8 letters the app shows, like BCDF-GHJK.");
    input.focus();
    return;
  }
  void lookUp(code);
});
input.addEventListener("blur", () => {
  input.value = tidy(input.value);
});
byId("approve").addEventListener("click", () => void decide("approve"));
byId("deny").addEventListener("click", () => void decide("deny"));
byId("retry").addEventListener("click", () => void decide("approve"));

async function main(): Promise<void> {
  const fromLink = tidy(new URLSearchParams(location.search).get("code") ?? "");
  if (fromLink) input.value = fromLink;
  try {
    const account = await api<{ email: string }>("/v1/portal/account");
    show(byId("signed-in-as"), `Approving adds the computer to the account of ${account.email}.`, "info");
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) signInFirst();
    failed(err, "Your account could not be loaded. Reload the page to try again.");
    return;
  }
  if (fromLink.length === 9) await lookUp(fromLink);
  else input.focus();
}

void main();
