import { accountObject } from "../../accounts/objects";
import { sessionAccount } from "../../auth/sessions";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { PortalDocuments } from "../../schemas/sync";

/** The account's synced documents as the owner sees them: no contents, just what and where. */
export const documents = defineRoute({
  method: "GET",
  path: "/v1/portal/documents",
  tag: "Portal",
  summary: "Synced documents",
  description: "Names, sizes, last change and the machine that made it; never the contents.",
  auth: "session",
  responses: { 200: { schema: PortalDocuments, description: "The documents, by name." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => {
  const session = await sessionAccount(request, rc);
  const result = await accountObject(rc, session.accountId, "retry").portalDocuments({ sessionHash: session.sessionHash });
  if (!result.ok) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return { status: 200, body: { documents: result.documents } };
});
