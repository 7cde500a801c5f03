/**
 * Support console: find a customer, read what happened to their seats at a glance (a
 * timeline grouped by day), and act — every action behind a confirmation that asks why.
 */
interface AccountSummary { id: string; email: string; created_at: string; licenses: { id: string; status: string; seats: number; product: string }[] }
interface Machine { id: string; license_id: string; fingerprint: string; name: string | null; platform: string | null; app_version: string | null; activated_at: string; last_seen_at: string; deactivated_at: string | null }
interface Detail {
  account: { id: string; email: string; created_at: string };
  licenses: { id: string; product: string; status: string; seats: number; seats_used: number; created_at: string }[];
  machines: Machine[];
  recently_deactivated: Machine[];
  purchases: { id: string; created_at: string; quantity: number; seats: number; amount: number; amount_refunded: number; currency: string; status: string; payment_intent_id: string | null }[];
}
interface AuditEvent { id: string; at: string; actor: { type: string; id: string | null }; action: string; target: { type: string; id: string } | null; data: Record<string, unknown> }

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) node.setAttribute(k, v);
  for (const c of children) if (c !== null) node.append(c);
  return node;
}

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "content-type": "application/json", ...init.headers }, credentials: "same-origin" });
  const body = (await res.json().catch(() => null)) as ({ error?: { message: string } } & T) | null;
  if (!res.ok) throw new Error(body?.error?.message ?? `Request failed (${res.status})`);
  return body as T;
}

function notify(message: string, kind: "info" | "error" = "info"): void {
  const n = $("notice");
  n.textContent = message;
  n.dataset.kind = kind;
  n.hidden = false;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: "medium" });
const day = new Intl.DateTimeFormat(undefined, { weekday: "long", year: "numeric", month: "long", day: "numeric" });
const money = (cents: number, currency: string) => new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(cents / 100);

// ---- Search ----
$<HTMLFormElement>("search-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const q = ($<HTMLInputElement>("q").value ?? "").trim();
  if (!q) return;
  const param = /^cgpt/i.test(q.replace(/[\s-]/g, "")) ? "license_key" : "email";
  try {
    const { accounts } = await api<{ accounts: AccountSummary[] }>(`/v1/admin/accounts?${param}=${encodeURIComponent(q)}`);
    renderResults(accounts);
    if (accounts.length === 1) await openAccount(accounts[0]!.id);
  } catch (err) {
    notify((err as Error).message, "error");
  }
});

function renderResults(accounts: AccountSummary[]): void {
  const list = $("results");
  list.replaceChildren(
    ...accounts.map((a) => {
      const button = el("button", { type: "button", class: "link" }, a.email);
      button.addEventListener("click", () => void openAccount(a.id));
      return el("li", {}, button, el("span", { class: "muted" }, ` · ${a.licenses.map((l) => `${l.seats} seats, ${l.status}`).join("; ") || "no license"}`));
    }),
  );
  $("results-empty").hidden = accounts.length > 0;
  $("results-section").hidden = false;
}

// ---- Account view ----
let current: Detail | null = null;

async function openAccount(accountId: string): Promise<void> {
  current = await api<Detail>(`/v1/admin/accounts/${encodeURIComponent(accountId)}`);
  history.replaceState(null, "", `/?account=${encodeURIComponent(accountId)}`);
  renderAccount(current);
  await loadTimeline(false);
  $("account-section").hidden = false;
}

function actionButton(label: string, handler: () => void, kind = "secondary"): HTMLButtonElement {
  const b = el("button", { type: "button", class: kind }, label);
  b.addEventListener("click", handler);
  return b;
}

function renderAccount(d: Detail): void {
  $("account-email").textContent = d.account.email;
  $("account-meta").textContent = `${d.account.id} · customer since ${dateTime.format(new Date(d.account.created_at))}`;
  $("licenses").replaceChildren(
    ...d.licenses.map((l) =>
      el(
        "div",
        { class: "license" },
        el("p", {}, el("strong", {}, `${l.seats_used} of ${l.seats} seats in use`), ` · ${l.product} · `, el("span", { class: `status ${l.status}` }, l.status)),
        el(
          "p",
          { class: "actions-row" },
          actionButton("Set seats…", () => ask({ title: `Set seats of ${l.id}`, seats: l.seats, confirm: "Set seats", run: (reason, seats) => api(`/v1/admin/licenses/${l.id}/seats`, { method: "POST", body: JSON.stringify({ seats, reason }) }) })),
          l.status === "revoked"
            ? actionButton("Restore…", () => ask({ title: "Restore this license", confirm: "Restore", run: (reason) => api(`/v1/admin/licenses/${l.id}/restore`, { method: "POST", body: JSON.stringify({ reason }) }) }))
            : actionButton("Revoke…", () => ask({ title: "Revoke this license", confirm: "Revoke", danger: true, run: (reason) => api(`/v1/admin/licenses/${l.id}/revoke`, { method: "POST", body: JSON.stringify({ reason }) }) })),
          actionButton("Resend license email…", () => ask({ title: `Resend the license key to ${d.account.email}`, confirm: "Send", run: (reason) => api(`/v1/admin/licenses/${l.id}/resend-key`, { method: "POST", body: JSON.stringify({ reason }) }) })),
          actionButton("Send sign-in link…", () => ask({ title: `Send a portal sign-in link to ${d.account.email}`, confirm: "Send", run: (reason) => api(`/v1/admin/accounts/${d.account.id}/sign-in-link`, { method: "POST", body: JSON.stringify({ reason }) }) })),
        ),
      ),
    ),
  );
  $("machines-body").replaceChildren(
    ...d.machines.map((m) =>
      el(
        "tr",
        { "data-machine": m.id },
        el("td", {}, m.name ?? "Unnamed", el("div", { class: "muted mono" }, m.fingerprint)),
        el("td", {}, m.platform ?? "—", m.app_version ? el("div", { class: "muted" }, `v${m.app_version}`) : null),
        el("td", {}, dateTime.format(new Date(m.activated_at))),
        el("td", {}, dateTime.format(new Date(m.last_seen_at))),
        el(
          "td",
          {},
          actionButton("Deactivate…", () =>
            ask({
              title: `Deactivate ${m.name ?? m.id}`,
              confirm: "Deactivate",
              danger: true,
              run: (reason) => api(`/v1/admin/accounts/${d.account.id}/machines/${m.id}/deactivate`, { method: "POST", body: JSON.stringify({ reason }) }),
            }),
          ),
        ),
      ),
    ),
  );
  $("machines-empty").hidden = d.machines.length > 0;
  $("machines-table").hidden = d.machines.length === 0;
  $("purchases-body").replaceChildren(
    ...d.purchases.map((p) =>
      el(
        "tr",
        {},
        el("td", {}, dateTime.format(new Date(p.created_at))),
        el("td", {}, `${p.quantity} × ${p.seats / Math.max(1, p.quantity)} seats`),
        el("td", {}, money(p.amount, p.currency), p.amount_refunded ? el("div", { class: "muted" }, `${money(p.amount_refunded, p.currency)} refunded`) : null),
        el("td", {}, p.status),
        el("td", { class: "mono muted" }, p.payment_intent_id ?? "—"),
      ),
    ),
  );
  $("purchases-empty").hidden = d.purchases.length > 0;
  $("purchases-table").hidden = d.purchases.length === 0;
}

// ---- Timeline ----
const ACTOR_LABEL: Record<string, string> = { customer: "Customer", desktop: "Desktop app", stripe: "Stripe", support: "Support", system: "System" };
let cursor: string | null = null;

function describe(e: AuditEvent): string {
  const d = e.data;
  const bits = [
    d.from !== undefined && d.to !== undefined ? `${String(d.from)} → ${String(d.to)}` : null,
    typeof d.name === "string" ? d.name : null,
    typeof d.reason === "string" ? `“${d.reason}”` : null,
    typeof d.amount_refunded === "number" ? `refunded ${(d.amount_refunded / 100).toFixed(2)}` : null,
  ].filter(Boolean);
  return bits.join(" · ");
}

async function loadTimeline(more: boolean): Promise<void> {
  if (!current) return;
  const params = new URLSearchParams({ account_id: current.account.id, limit: "50" });
  const action = $<HTMLSelectElement>("filter-action").value;
  const actor = $<HTMLSelectElement>("filter-actor").value;
  if (action) params.set("action", action);
  if (actor) params.set("actor", actor);
  if (more && cursor) params.set("cursor", cursor);
  const page = await api<{ events: AuditEvent[]; next_cursor: string | null }>(`/v1/admin/events?${params}`);
  cursor = page.next_cursor;
  const list = $("timeline");
  if (!more) list.replaceChildren();
  let lastDay = list.lastElementChild?.getAttribute("data-day") ?? "";
  for (const e of page.events) {
    const dayKey = e.at.slice(0, 10);
    if (dayKey !== lastDay) {
      list.append(el("li", { class: "day", "data-day": dayKey }, day.format(new Date(e.at))));
      lastDay = dayKey;
    }
    list.append(
      el(
        "li",
        { class: `event actor-${e.actor.type}`, "data-event": e.id, "data-day": dayKey },
        el("time", { datetime: e.at }, time.format(new Date(e.at))),
        el("span", { class: "actor" }, el("span", { class: `badge badge-${e.actor.type}`, "aria-hidden": "true" }, (ACTOR_LABEL[e.actor.type] ?? "?").charAt(0)), ` ${ACTOR_LABEL[e.actor.type] ?? e.actor.type}`, e.actor.id ? el("span", { class: "muted" }, ` ${e.actor.id}`) : null),
        el("strong", { class: "action" }, e.action),
        el("span", { class: "muted" }, describe(e)),
      ),
    );
  }
  $("timeline-more").hidden = cursor === null;
}
$("timeline-more").addEventListener("click", () => void loadTimeline(true));
$("filter-action").addEventListener("change", () => void loadTimeline(false));
$("filter-actor").addEventListener("change", () => void loadTimeline(false));

// ---- Confirmation dialog: every action needs a reason ----
interface Ask { title: string; confirm: string; danger?: boolean; seats?: number; run: (reason: string, seats: number) => Promise<unknown> }
const dialog = $<HTMLDialogElement>("action-dialog");
let pending: Ask | null = null;

function ask(a: Ask): void {
  pending = a;
  $("action-title").textContent = a.title;
  $<HTMLTextAreaElement>("action-reason").value = "";
  $("seats-field").hidden = a.seats === undefined;
  $<HTMLInputElement>("action-seats").value = String(a.seats ?? 0);
  const confirm = $<HTMLButtonElement>("action-confirm");
  confirm.textContent = a.confirm;
  confirm.className = a.danger ? "danger" : "";
  $("action-error").hidden = true;
  dialog.showModal();
}

$<HTMLFormElement>("action-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  if (!pending || !current) return;
  const reason = $<HTMLTextAreaElement>("action-reason").value.trim();
  try {
    await pending.run(reason, Number($<HTMLInputElement>("action-seats").value));
    dialog.close();
    notify(`${pending.confirm}: done.`);
    await openAccount(current.account.id);
  } catch (err) {
    const box = $("action-error");
    box.textContent = (err as Error).message;
    box.hidden = false;
  }
});
$("action-cancel").addEventListener("click", () => dialog.close());

// ---- Start ----
void api<{ email: string }>("/v1/admin/me").then((me) => ($("staff-email").textContent = me.email)).catch(() => {});
const deepLink = new URLSearchParams(location.search).get("account");
if (deepLink) void openAccount(deepLink).catch((err) => notify((err as Error).message, "error"));
