import type { RequestContext } from "../http/context";
import { json } from "../http/respond";
import { openApiDocument } from "../openapi/document";

let cached: { origin: string; body: Record<string, unknown> } | null = null;

/** GET /openapi.json: generated from the zod schemas (see src/openapi/document.ts). */
export function openApi(_request: Request, rc: RequestContext): Response {
  if (cached?.origin !== rc.env.PUBLIC_API_ORIGIN) cached = { origin: rc.env.PUBLIC_API_ORIGIN, body: openApiDocument(rc.env.PUBLIC_API_ORIGIN) };
  return json(cached.body, 200, { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" });
}
