import { accountObject } from "../../accounts/objects";
import { defineRoute } from "../../http/route";
import { callerOf, syncCaller } from "../../sync/bearer";
import { SyncDocument } from "../../schemas/sync";
import { nameParam, refusal } from "./shared";

/** `If-None-Match` holding the document's ETag (any of a list, weak or not). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  return Boolean(ifNoneMatch?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag));
}

export const getDocument = defineRoute({
  method: "GET",
  path: "/v1/sync/documents/:name",
  tag: "Desktop sync",
  summary: "One document",
  description:
    'The document with its data; `ETag: "<rev>"`, and 304 for an `If-None-Match` naming the current revision. Missing or deleted: 404 `NOT_FOUND` with `details.current_rev` (a tombstone\'s revision) and `details.deleted`.',
  auth: "bearer",
  responses: {
    200: { schema: SyncDocument, description: "The document." },
    304: { description: "Not modified: the revision in If-None-Match is current." },
  },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "NOT_FOUND", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params }) => {
  const claims = await syncCaller(request, rc);
  const name = nameParam(params);
  const result = await accountObject(rc, claims.accountId, "retry").syncGet({ ...callerOf(claims), name });
  if (!result.ok) throw refusal(result);
  const doc = result.document;
  const etag = `"${doc.rev}"`;
  if (matches(request.headers.get("if-none-match"), etag)) return { raw: new Response(null, { status: 304, headers: { etag, "cache-control": "no-store" } }) };
  return {
    status: 200,
    body: { name: doc.name, rev: doc.rev, updated_at: doc.updated_at, updated_by: doc.updated_by, data: JSON.parse(doc.data) as unknown },
    headers: { etag },
  };
});
