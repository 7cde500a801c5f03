/** The dashboard: key, seats, machines (live), purchases, activity, buy more, sign out. */
import { api, ApiFailure, byId, el, post, show } from "./api";
import { connectLive, type LiveMessage, type LiveState, type Machine } from "./live";

interface Account {
  email: string;
  account_id: string;
  licenses: { id: string; key: string; status: string; seats: number; seats_used: number; product: string }[];
}
interface Purchase {
  id: string;
  created_at: string;
  quantity: number;
  seats: number;
  amount: number;
  amount_refunded: number;
  currency: string;
  status: string;
}
interface AuditEvent {
  id: string;
  at: string;
  actor: { type: string; id: string | null };
  action: string;
  data: Record<string, unknown>;
}

const notice = byId("notice");

function signInAgain(): never {
  location.assign("/sign-in/");
  throw new Error("redirecting");
}

async function load<T>(path: string): Promise<T> {
  try {
    return await api<T>(path);
  } catch (err) {
    if (err instanceof ApiFailure && err.status === 401) signInAgain();
    throw err;
  }
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function ago(iso: string): string {
  const seconds = (Date.parse(iso) - Date.now()) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 60) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  return relative.format(Math.round(seconds / 86400), "day");
}

const STATUS_TEXT: Record<string, string> = {
  active: "Active",
  suspended: "Suspended while a payment dispute is open",
  revoked: "Revoked",
};

function renderLicense(license: { status: string; seats: number; seats_used: number } | null): void {
  if (!license) return;
  byId("seats-used").textContent = String(license.seats_used);
  byId("seats-owned").textContent = String(license.seats);
  const meter = byId<HTMLProgressElement>("seat-meter");
  meter.max = Math.max(1, license.seats);
  meter.value = license.seats_used;
  meter.textContent = `${license.seats_used} of ${license.seats}`;
  byId("license-status").textContent = STATUS_TEXT[license.status] ?? license.status;
  byId("license-status").dataset.status = license.status;
}

function renderMachines(machines: Machine[]): void {
  const body = byId("machines-body");
  body.replaceChildren(
    ...machines.map((m) => {
      const button = el("button", { type: "button", class: "secondary", "data-activation": m.id, "aria-label": `Deactivate ${m.name ?? "this machine"}` }, "Deactivate");
      button.addEventListener("click", () => confirmDeactivate(m));
      return el(
        "tr",
        { "data-machine": m.id },
        el("td", {}, m.name ?? "Unnamed machine", el("div", { class: "muted" }, m.fingerprint.slice(0, 24))),
        el("td", {}, m.platform ?? "—"),
        el("td", {}, el("time", { datetime: m.last_seen_at, title: dateTime.format(new Date(m.last_seen_at)) }, ago(m.last_seen_at))),
        el("td", {}, button),
      );
    }),
  );
  byId("machines-empty").hidden = machines.length > 0;
  byId("machines-table").hidden = machines.length === 0;
}

const dialog = byId<HTMLDialogElement>("deactivate-dialog");
let pending: Machine | null = null;

function confirmDeactivate(machine: Machine): void {
  pending = machine;
  byId("deactivate-name").textContent = machine.name ?? "this machine";
  dialog.showModal();
}

byId("deactivate-confirm").addEventListener("click", async () => {
  if (!pending) return;
  const machine = pending;
  dialog.close();
  try {
    await post(`/v1/portal/machines/${encodeURIComponent(machine.id)}/deactivate`);
    show(notice, `${machine.name ?? "The machine"} was deactivated. Its seat is free.`, "info");
    // The live connection updates the table; refresh here too in case it is down.
    renderMachines((await load<{ machines: Machine[] }>("/v1/portal/machines")).machines);
    void loadActivity();
  } catch (err) {
    show(notice, err instanceof ApiFailure && err.status === 404 ? "That machine was already deactivated." : "The machine could not be deactivated. Try again.");
  }
});
byId("deactivate-cancel").addEventListener("click", () => dialog.close());

function money(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
}

function renderPurchases(purchases: Purchase[]): void {
  byId("purchases-body").replaceChildren(
    ...purchases.map((p) =>
      el(
        "tr",
        {},
        el("td", {}, dateTime.format(new Date(p.created_at))),
        el("td", {}, `${p.quantity} × 2 seats`),
        el("td", {}, money(p.amount, p.currency), p.amount_refunded ? el("div", { class: "muted" }, `${money(p.amount_refunded, p.currency)} refunded`) : null),
        el("td", {}, p.status),
      ),
    ),
  );
  byId("purchases-empty").hidden = purchases.length > 0;
  byId("purchases-table").hidden = purchases.length === 0;
}

const ACTIONS: Record<string, string> = {
  "account.created": "Account created",
  "purchase.completed": "Purchase completed",
  "purchase.pending": "Payment pending",
  "purchase.failed": "Payment failed",
  "purchase.refunded": "Refund",
  "purchase.disputed": "Payment disputed",
  "license.created": "License created",
  "license.seats_changed": "Seats changed",
  "license.suspended": "License suspended",
  "license.revoked": "License revoked",
  "license.restored": "License restored",
  "machine.activated": "Machine activated",
  "machine.deactivated": "Machine deactivated",
  "machine.updated": "Machine updated",
  "auth.magic_link_sent": "Sign-in link sent",
  "auth.login": "Signed in",
  "auth.logout": "Signed out",
};
const ACTORS: Record<string, string> = { customer: "you", desktop: "the desktop app", stripe: "payment", support: "support", system: "system" };

let cursor: string | null = null;
async function loadActivity(more = false): Promise<void> {
  const page = await load<{ events: AuditEvent[]; next_cursor: string | null }>(`/v1/portal/events?limit=10${more && cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
  cursor = page.next_cursor;
  const items = page.events.map((e) =>
    el(
      "li",
      {},
      el("span", { class: "what" }, ACTIONS[e.action] ?? e.action),
      el("span", { class: "muted" }, ` by ${ACTORS[e.actor.type] ?? e.actor.type} · `),
      el("time", { datetime: e.at }, dateTime.format(new Date(e.at))),
    ),
  );
  const list = byId("activity-list");
  if (more) list.append(...items);
  else list.replaceChildren(...items);
  byId("activity-more").hidden = cursor === null;
}
byId("activity-more").addEventListener("click", () => void loadActivity(true));

const LIVE_TEXT: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Live",
  reconnecting: "Reconnecting…",
  "signed-out": "Signed out",
};
function renderLiveState(state: LiveState): void {
  const badge = byId("live-state");
  badge.textContent = LIVE_TEXT[state];
  badge.dataset.state = state;
  if (state === "signed-out") signInAgain();
}

byId("copy-key").addEventListener("click", async () => {
  const key = byId("license-key").textContent ?? "";
  try {
    await navigator.clipboard.writeText(key);
    show(byId("copy-status"), "Copied", "info");
  } catch {
    // Clipboard refused (permissions): select the key so the person can copy it.
    getSelection()?.selectAllChildren(byId("license-key"));
    show(byId("copy-status"), "Press Ctrl+C to copy", "info");
  }
});

byId<HTMLFormElement>("buy-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const quantity = Number(new FormData(event.currentTarget as HTMLFormElement).get("quantity"));
  try {
    const { url } = await post<{ url: string }>("/v1/checkout/sessions", { quantity });
    location.assign(url);
  } catch (err) {
    show(byId("buy-message"), err instanceof ApiFailure ? err.message : "Checkout could not start. Try again.");
  }
});

byId("sign-out").addEventListener("click", async () => {
  await post("/v1/auth/logout").catch(() => {});
  location.assign("/sign-in/");
});

async function main(): Promise<void> {
  const account = await load<Account>("/v1/portal/account");
  byId("account-email").textContent = account.email;
  const license = account.licenses[0];
  byId("license-section").hidden = !license;
  byId("no-license").hidden = Boolean(license);
  if (license) {
    byId("license-key").textContent = license.key;
    renderLicense(license);
  }
  const [{ machines }, { purchases }] = await Promise.all([
    load<{ machines: Machine[] }>("/v1/portal/machines"),
    load<{ purchases: Purchase[] }>("/v1/portal/purchases"),
  ]);
  renderMachines(machines);
  renderPurchases(purchases);
  await loadActivity().catch(() => show(byId("activity-message"), "Recent activity is unavailable right now."));
  byId("dashboard").hidden = false;
  byId("loading").hidden = true;

  let first = true;
  let refresh: ReturnType<typeof setTimeout> | undefined;
  connectLive(
    (message: LiveMessage) => {
      renderLicense(message.license);
      renderMachines(message.machines);
      // Activity comes from the audit trail, written a moment after the change itself.
      if (!first) {
        clearTimeout(refresh);
        refresh = setTimeout(() => void loadActivity().catch(() => {}), 750);
      }
      first = false;
    },
    renderLiveState,
  );
}

main().catch(() => {
  byId("loading").hidden = true;
  show(notice, "Your account could not be loaded. Reload the page to try again.");
});
