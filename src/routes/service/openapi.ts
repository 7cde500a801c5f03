import { defineRoute, type Route } from "../../http/route";
import { openApiDocument } from "../../openapi/document";

/** GET /openapi.json, built from the route list it is given (src/routes/index.ts). */
export function openApiRoute(routes: () => readonly Route[]): Route {
  let cached: { origin: string; body: Record<string, unknown> } | null = null;
  return defineRoute({
    method: "GET",
    path: "/openapi.json",
    tag: "Service",
    summary: "This document",
    auth: "none",
    responses: { 200: { description: "OpenAPI 3.1." } },
    errors: [],
  }).handle(({ rc }) => {
    const origin = rc.env.PUBLIC_API_ORIGIN;
    const document = cached?.origin === origin ? cached : (cached = { origin, body: openApiDocument(routes(), origin) });
    return { raw: Response.json(document.body, { headers: { "cache-control": "public, max-age=300", "access-control-allow-origin": "*" } }) };
  });
}
