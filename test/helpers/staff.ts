/** Staff tokens from the test suite's dev Access issuer (as `npm run admin:token` makes). */
import { env } from "cloudflare:workers";
import { importJWK, SignJWT, type JWTPayload } from "jose";
import { request, type ApiResponse } from "./api";

export const ISSUER = `https://${env.ACCESS_TEAM_DOMAIN}`;

export async function staffToken(
  email = "agent@chartgpt.example",
  overrides: { payload?: JWTPayload; issuer?: string; audience?: string; expiresIn?: string | number; kid?: string } = {},
) {
  const jwk = JSON.parse(env.ACCESS_DEV_PRIVATE_JWK);
  return new SignJWT({ email, type: "app", ...overrides.payload })
    .setProtectedHeader({ alg: "RS256", kid: overrides.kid ?? jwk.kid })
    .setIssuer(overrides.issuer ?? ISSUER)
    .setAudience(overrides.audience ?? env.ACCESS_AUD)
    .setSubject("staff-1")
    .setIssuedAt()
    .setExpirationTime(overrides.expiresIn ?? "1h")
    .sign(await importJWK(jwk, "RS256"));
}

export async function asStaff<T = any>(path: string, init: RequestInit & { email?: string; json?: unknown } = {}): Promise<ApiResponse<T>> {
  const headers = new Headers(init.headers);
  headers.set("cf-access-jwt-assertion", await staffToken(init.email));
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return request<T>(path, { ...init, headers, ...(init.json !== undefined ? { method: init.method ?? "POST", body: JSON.stringify(init.json) } : {}) });
}
