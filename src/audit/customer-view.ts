/**
 * What a customer sees of their own audit trail (GET /v1/portal/events). Staff appear as
 * "support", without their identity, and a support entry keeps only the facts that
 * describe the change itself: the staff member's reason, and anything else support
 * records for itself, stays internal. Kept as an allow-list so that a field added to a
 * support action later is internal until someone decides otherwise.
 */
import type { AuditEvent } from "./query";

const SUPPORT_FACTS_SHOWN = new Set(["license_id", "fingerprint", "from", "to", "seats", "expires_at"]);

export function customerView(event: AuditEvent): AuditEvent {
  if (event.actor.type !== "support") return event;
  return {
    ...event,
    actor: { type: "support", id: null },
    data: Object.fromEntries(Object.entries(event.data).filter(([key]) => SUPPORT_FACTS_SHOWN.has(key))),
    // A staff request's id leads into internal logs; the customer has no use for it.
    request_id: null,
  };
}
