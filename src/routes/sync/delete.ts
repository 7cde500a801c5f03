import { accountObject } from "../../accounts/objects";
import { defineRoute } from "../../http/route";
import { callerOf, syncCaller } from "../../sync/bearer";
import { DeleteDocumentQuery, DocumentDeleted } from "../../schemas/sync";
import { nameParam, refusal } from "./shared";

export const deleteDocument = defineRoute({
  method: "DELETE",
  path: "/v1/sync/documents/:name",
  tag: "Desktop sync",
  summary: "Delete a document",
  description:
    "`base_rev` must be the current revision (409 `REVISION_CONFLICT` otherwise). The document becomes a tombstone with the next revision, so machines that missed the delete learn of it, and a document created again under the name continues its revisions. Missing or already deleted: 404.",
  auth: "bearer",
  query: DeleteDocumentQuery,
  responses: { 200: { schema: DocumentDeleted, description: "Deleted: the tombstone's revision." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "NOT_FOUND", "REVISION_CONFLICT", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params, query }) => {
  const claims = await syncCaller(request, rc);
  const name = nameParam(params);
  const { base_rev } = query();
  const result = await accountObject(rc, claims.accountId, "once").syncDelete({ ...callerOf(claims), name, baseRev: base_rev });
  if (!result.ok) throw refusal(result);
  return { status: 200, body: { name: result.name, rev: result.rev, deleted: true } };
});
