import { accountObject } from "../../accounts/objects";
import { sessionAccount } from "../../auth/sessions";
import { ApiError } from "../../errors/api-error";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";
import { DocumentDeleted, PortalDeleteQuery } from "../../schemas/sync";
import { nameParam, refusal } from "../sync/shared";

/**
 * The owner deletes a synced document. With `base_rev` (what the page showed), a document
 * changed since is a 409 instead of deleting what the person has not seen.
 */
export const deleteDocument = defineRoute({
  method: "DELETE",
  path: "/v1/portal/documents/:name",
  tag: "Portal",
  summary: "Delete a synced document",
  description: 'The machines hear of it live (`updated_by: "portal"`). Optional `base_rev`: 409 `REVISION_CONFLICT` if the document changed since.',
  auth: "session",
  query: PortalDeleteQuery,
  responses: { 200: { schema: DocumentDeleted, description: "Deleted." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "REVISION_CONFLICT", "UNAVAILABLE"],
}).handle(async ({ request, rc, params, query }) => {
  assertPortalOrigin(request, rc.env);
  const session = await sessionAccount(request, rc);
  const name = nameParam(params);
  const result = await accountObject(rc, session.accountId, "once").portalDeleteDocument({
    sessionHash: session.sessionHash,
    name,
    baseRev: query().base_rev,
  });
  if (result.ok) return { status: 200, body: { name: result.name, rev: result.rev, deleted: true } };
  if (result.code === "UNAUTHORIZED") throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  throw refusal(result);
});
