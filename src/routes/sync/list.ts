import { accountObject } from "../../accounts/objects";
import { defineRoute } from "../../http/route";
import { callerOf, syncCaller } from "../../sync/bearer";
import { DocumentList, ListDocumentsQuery } from "../../schemas/sync";
import { refusal } from "./shared";

export const listDocuments = defineRoute({
  method: "GET",
  path: "/v1/sync/documents",
  tag: "Desktop sync",
  summary: "The account's documents",
  description: "Names, revisions, sizes and last change, by name. With `include_deleted=true`, tombstones too.",
  auth: "bearer",
  query: ListDocumentsQuery,
  responses: { 200: { schema: DocumentList, description: "The documents (no data)." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, query }) => {
  const claims = await syncCaller(request, rc);
  const includeDeleted = query().include_deleted === "true";
  const result = await accountObject(rc, claims.accountId, "retry").syncList({ ...callerOf(claims), includeDeleted });
  if (!result.ok) throw refusal(result);
  return { status: 200, body: { documents: result.documents.map((d) => ({ ...d, deleted: d.deleted === 1 })) } };
});
