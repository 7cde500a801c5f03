/**
 * The portal session cookie: HttpOnly, SameSite=Lax, Path=/, no Domain; Secure (and the
 * __Host- prefix, which requires it) everywhere but local development over http.
 */
import type { Env } from "../core/env";
import { isDevelopment } from "../core/env";

export function cookieName(env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">): string {
  return isDevelopment(env) ? "session" : "__Host-session";
}

export function sessionCookie(env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">, sessionId: string, maxAgeSeconds: number): string {
  const parts = [`${cookieName(env)}=${sessionId}`, "HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`];
  if (!isDevelopment(env)) parts.push("Secure");
  return parts.join("; ");
}

export function clearedSessionCookie(env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">): string {
  return sessionCookie(env, "", 0);
}

export function readSessionId(request: Request, env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  const name = cookieName(env);
  for (const pair of header.split(";")) {
    const [key, ...rest] = pair.trim().split("=");
    if (key === name) {
      const value = rest.join("=");
      // The shape and check tag are checked by parseSessionId; this only bounds the input.
      return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : null;
    }
  }
  return null;
}
