import { queryAuditEvents } from "../../audit/query";
import { defineRoute } from "../../http/route";
import { AdminEventsQuery } from "../../schemas/admin";
import { AuditPage } from "../../schemas/responses";
import { staffOf } from "./shared";

export const events = defineRoute({
  method: "GET",
  path: "/v1/admin/events",
  tag: "Support",
  summary: "Audit events across accounts",
  auth: "access",
  query: AdminEventsQuery,
  responses: { 200: { schema: AuditPage, description: "Newest first, cursor pagination." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async (call) => {
  await staffOf(call);
  const q = call.query();
  const [actorType, ...actorId] = q.actor?.split(":") ?? [];
  const page = await queryAuditEvents(call.rc.env.DB, {
    accountId: q.account_id,
    action: q.action,
    actorType,
    actorId: actorId.length ? actorId.join(":") : undefined,
    since: q.since,
    until: q.until,
    cursor: q.cursor,
    limit: q.limit,
  });
  return { status: 200, body: page };
});
