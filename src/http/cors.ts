/**
 * CORS, only where a browser on another of our origins calls the API directly: the
 * marketing site's Buy button (POST /v1/checkout/sessions) and anyone reading the
 * OpenAPI document. The portal needs none (it reaches the API on its own origin).
 */
import type { Env } from "../core/env";

const CREDENTIALLESS_PATHS = new Set(["/v1/checkout/sessions"]);

function allowedOrigin(request: Request, env: Pick<Env, "SITE_ORIGIN" | "DOCS_ORIGIN">, path: string): string | null {
  const origin = request.headers.get("origin");
  if (!origin || !CREDENTIALLESS_PATHS.has(path)) return null;
  return origin === env.SITE_ORIGIN || origin === env.DOCS_ORIGIN ? origin : null;
}

/** The answer to a preflight, or null when this is not one we handle. */
export function preflight(request: Request, env: Pick<Env, "SITE_ORIGIN" | "DOCS_ORIGIN">): Response | null {
  if (request.method !== "OPTIONS") return null;
  const path = new URL(request.url).pathname;
  const origin = allowedOrigin(request, env, path);
  if (!origin) return null;
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": origin,
      "access-control-allow-methods": "POST",
      "access-control-allow-headers": "content-type",
      "access-control-max-age": "600",
      vary: "Origin",
    },
  });
}

export function withCors(request: Request, env: Pick<Env, "SITE_ORIGIN" | "DOCS_ORIGIN">, response: Response): void {
  const origin = allowedOrigin(request, env, new URL(request.url).pathname);
  if (!origin || response.headers.has("access-control-allow-origin")) return;
  response.headers.set("access-control-allow-origin", origin);
  response.headers.append("vary", "Origin");
}
