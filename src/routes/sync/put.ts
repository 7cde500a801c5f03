import { accountObject } from "../../accounts/objects";
import { documentSize, MAX_DOCUMENT_BYTES } from "../../core/sync-rules";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { callerOf, syncCaller } from "../../sync/bearer";
import { DocumentWritten, PutDocumentRequest } from "../../schemas/sync";
import { nameParam, refusal } from "./shared";

export const putDocument = defineRoute({
  method: "PUT",
  path: "/v1/sync/documents/:name",
  tag: "Desktop sync",
  summary: "Create or replace a document",
  description:
    "`base_rev` must be the document's current revision (0 when there is none, never was or deleted), else 409 `REVISION_CONFLICT` with `details.current_rev`: read, merge, write again. Of two writes on one revision exactly one wins. `data` at most 64 KiB as compact JSON (413); a 101st document is 409 `DOCUMENT_LIMIT_REACHED`. Every connected machine hears of the change.",
  auth: "bearer",
  body: PutDocumentRequest,
  // 64 KiB of data in its envelope, however the client spaces it; the data itself is measured compact.
  maxBodyBytes: 2 * MAX_DOCUMENT_BYTES,
  responses: { 200: { schema: DocumentWritten, description: "Written: the new revision." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "REVISION_CONFLICT", "DOCUMENT_LIMIT_REACHED", "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params, body }) => {
  const claims = await syncCaller(request, rc);
  const name = nameParam(params);
  const input = await body();
  const dataJson = JSON.stringify(input.data);
  const size = documentSize(dataJson);
  if (size > MAX_DOCUMENT_BYTES) {
    throw new ApiError("PAYLOAD_TOO_LARGE", { message: "A document's data is at most 64 KiB as JSON.", details: { size, limit: MAX_DOCUMENT_BYTES } });
  }
  // Not retried: a write that did run would come back as a conflict with itself.
  const result = await accountObject(rc, claims.accountId, "once").syncPut({ ...callerOf(claims), name, dataJson, size, baseRev: input.base_rev });
  if (!result.ok) throw refusal(result);
  return { status: 200, body: { name: result.name, rev: result.rev, updated_at: result.updated_at } };
});
