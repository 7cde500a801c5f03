/**
 * The account's audit events as a timeline grouped by day, newest first, 50 at a time,
 * with who did it (actor badge and id), what, and the facts that matter (from → to,
 * machine, the staff member's reason, refunds).
 */
import type { ActorType, AuditEvent } from "../../../src/core/views";
import { api } from "../../../web/shared/api";
import { byId, el } from "../../../web/shared/dom";
import { longDay, timeOfDay } from "../../../web/shared/format";

const ACTOR_LABEL: Record<ActorType, string> = { customer: "Customer", desktop: "Desktop app", stripe: "Stripe", support: "Support", system: "System" };

let accountId: string | null = null;
let cursor: string | null = null;

function describe(event: AuditEvent): string {
  const d = event.data;
  const bits = [
    d.from !== undefined && d.to !== undefined ? `${String(d.from)} → ${String(d.to)}` : null,
    typeof d.name === "string" ? d.name : null,
    typeof d.reason === "string" ? `“${d.reason}”` : null,
    // The event does not name the currency: the amount alone, in major units.
    typeof d.amount_refunded === "number" ? `refunded ${(d.amount_refunded / 100).toFixed(2)}` : null,
  ].filter(Boolean);
  return bits.join(" · ");
}

function eventItem(event: AuditEvent, dayKey: string): HTMLLIElement {
  const type = event.actor.type;
  const label = ACTOR_LABEL[type] ?? type;
  return el(
    "li",
    { class: `event actor-${type}`, "data-event": event.id, "data-day": dayKey },
    el("time", { datetime: event.at }, timeOfDay.format(new Date(event.at))),
    el(
      "span",
      { class: "actor" },
      el("span", { class: `badge badge-${type}`, "aria-hidden": "true" }, label.charAt(0)),
      ` ${label}`,
      event.actor.id ? el("span", { class: "muted" }, ` ${event.actor.id}`) : null,
    ),
    el("strong", { class: "action" }, event.action),
    el("span", { class: "muted" }, describe(event)),
  );
}

/** Shows the first page of `forAccount`'s events, or with `more` appends the next one. */
export async function loadTimeline(forAccount: string, more = false): Promise<void> {
  accountId = forAccount;
  const params = new URLSearchParams({ account_id: forAccount, limit: "50" });
  const action = byId<HTMLSelectElement>("filter-action").value;
  const actor = byId<HTMLSelectElement>("filter-actor").value;
  if (action) params.set("action", action);
  if (actor) params.set("actor", actor);
  if (more && cursor) params.set("cursor", cursor);
  const page = await api<{ events: AuditEvent[]; next_cursor: string | null }>(`/v1/admin/events?${params}`);
  cursor = page.next_cursor;
  const list = byId("timeline");
  if (!more) list.replaceChildren();
  let lastDay = list.lastElementChild?.getAttribute("data-day") ?? "";
  for (const event of page.events) {
    const dayKey = event.at.slice(0, 10);
    if (dayKey !== lastDay) {
      list.append(el("li", { class: "day", "data-day": dayKey }, longDay.format(new Date(event.at))));
      lastDay = dayKey;
    }
    list.append(eventItem(event, dayKey));
  }
  byId("timeline-more").hidden = cursor === null;
}

const reload = (more: boolean) => () => void (accountId && loadTimeline(accountId, more));
byId("timeline-more").addEventListener("click", reload(true));
byId("filter-action").addEventListener("change", reload(false));
byId("filter-actor").addEventListener("change", reload(false));
