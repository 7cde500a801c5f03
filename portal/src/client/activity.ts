/** Recent activity: the account's audit trail in plain words, newest first, ten at a time. */
import type { ActorType, AuditEvent } from "../../../src/core/views";
import { byId, el } from "../../../web/shared/dom";
import { formatDateTime } from "../../../web/shared/format";
import { load } from "./session";

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
  "device.approved": "Desktop sign-in approved",
  "device.denied": "Desktop sign-in denied",
  "machine.fingerprint_changed": "Machine recognised after a hardware change or reinstall",
  "machine.auto_released": "Unused machine's seat given to a new one",
  "account.email_changed": "Account email changed",
  "auth.magic_link_sent": "Sign-in link sent",
  "auth.login": "Signed in",
  "auth.logout": "Signed out",
};
const ACTORS: Record<ActorType, string> = { customer: "you", desktop: "the desktop app", stripe: "payment", support: "support", system: "system" };

let cursor: string | null = null;

export async function loadActivity(more = false): Promise<void> {
  const query = `limit=10${more && cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
  const page = await load<{ events: AuditEvent[]; next_cursor: string | null }>(`/v1/portal/events?${query}`);
  cursor = page.next_cursor;
  const items = page.events.map((e) =>
    el(
      "li",
      {},
      el("span", { class: "what" }, ACTIONS[e.action] ?? e.action),
      el("span", { class: "muted" }, ` by ${ACTORS[e.actor.type] ?? e.actor.type} · `),
      el("time", { datetime: e.at }, formatDateTime(e.at)),
    ),
  );
  const list = byId("activity-list");
  if (more) list.append(...items);
  else list.replaceChildren(...items);
  byId("activity-more").hidden = cursor === null;
}

byId("activity-more").addEventListener("click", () => void loadActivity(true));
