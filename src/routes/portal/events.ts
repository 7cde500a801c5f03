import { customerView } from "../../audit/customer-view";
import { queryAuditEvents } from "../../audit/query";
import { requireSession } from "../../auth/sessions";
import { defineRoute } from "../../http/route";
import { EventsQuery } from "../../schemas/portal";
import { AuditPage } from "../../schemas/responses";

/** The account's own audit events, newest first, as a customer may see them (no staff identity or internal reasons). */
export const events = defineRoute({
  method: "GET",
  path: "/v1/portal/events",
  tag: "Portal",
  summary: "Your account's activity",
  description: "Support's entries show actor type `support` only: no staff identity, no internal reason.",
  auth: "session",
  query: EventsQuery,
  responses: { 200: { schema: AuditPage, description: "Audit events, newest first." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc, query }) => {
  const session = await requireSession(request, rc);
  const q = query();
  const page = await queryAuditEvents(rc.env.DB, { accountId: session.accountId, cursor: q.cursor, limit: q.limit });
  return { status: 200, body: { events: page.events.map(customerView), next_cursor: page.next_cursor } };
});
