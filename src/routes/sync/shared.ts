/** What the sync routes share: the document name from the path, and the object's refusals as API errors. */
import { ApiError } from "../../errors/api-error";
import { unauthorized } from "../../sync/bearer";
import { documentName } from "../../schemas/sync";

export function nameParam(params: Record<string, string>): string {
  const parsed = documentName.safeParse(params.name ?? "");
  if (parsed.success) return parsed.data;
  throw new ApiError("INVALID_REQUEST", {
    message: "The document name is not valid.",
    details: { fields: parsed.error.issues.map((i) => ({ path: "name", code: i.code, message: i.message })) },
  });
}

type Refusal =
  | { ok: false; code: "UNAUTHORIZED" }
  | { ok: false; code: "REVISION_CONFLICT"; currentRev: number }
  | { ok: false; code: "DOCUMENT_LIMIT_REACHED"; limit: number }
  | { ok: false; code: "NOT_FOUND"; currentRev: number; deleted?: boolean };

/** The account object's "no", as the error the contract names (with `details.current_rev` where it helps). */
export function refusal(result: Refusal): ApiError {
  switch (result.code) {
    case "UNAUTHORIZED":
      return unauthorized("seat");
    case "REVISION_CONFLICT":
      return new ApiError("REVISION_CONFLICT", { details: { current_rev: result.currentRev } });
    case "DOCUMENT_LIMIT_REACHED":
      return new ApiError("DOCUMENT_LIMIT_REACHED", { details: { limit: result.limit } });
    case "NOT_FOUND":
      // A tombstone says so, with its revision: a machine that missed the delete learns of it.
      return new ApiError("NOT_FOUND", {
        message: result.deleted ? "This document was deleted." : "No document with this name.",
        details: { current_rev: result.currentRev, deleted: result.deleted ?? result.currentRev > 0 },
      });
  }
}
