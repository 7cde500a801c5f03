import type { z } from "zod";
import { ApiError } from "../errors/api-error";

/**
 * Query-string parameters through zod, with the same error details as bodies. A
 * parameter given twice is refused: which of the two counts would be a guess (a
 * `base_rev` picked from two is a revision check nobody asked for).
 */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    if (key in params) {
      throw new ApiError("INVALID_REQUEST", {
        message: `The query parameter ${JSON.stringify(key)} is given more than once.`,
        details: { fields: [{ path: key, code: "duplicate", message: "given more than once" }] },
      });
    }
    params[key] = value;
  }
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new ApiError("INVALID_REQUEST", {
    message: "Some query parameters are invalid.",
    details: { fields: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", code: i.code, message: i.message })) },
  });
}
