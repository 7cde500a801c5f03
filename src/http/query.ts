import type { z } from "zod";
import { ApiError } from "../errors/api-error";

/** Query-string parameters through zod, with the same error details as bodies. */
export function parseQuery<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URL(request.url).searchParams) params[key] = value;
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  throw new ApiError("INVALID_REQUEST", {
    message: "Some query parameters are invalid.",
    details: { fields: parsed.error.issues.map((i) => ({ path: i.path.join(".") || "(query)", code: i.code, message: i.message })) },
  });
}
