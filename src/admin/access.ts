/**
 * Staff authentication: every admin request carries a Cloudflare Access JWT in
 * `Cf-Access-Jwt-Assertion`, verified with jose against the team's certs, issuer and
 * the application's AUD tag, RS256 only (so `alg: none` and HS256-with-the-public-key
 * are refused by construction). Locally, a dev issuer's public JWKS stands in for the
 * team certs; nothing else changes between the two.
 */
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { isDevelopment } from "../core/development";
import { ApiError } from "../errors/api-error";

export interface Staff {
  email: string;
}

/**
 * The settings staff verification reads: the API's own, or the support console's with
 * the console's origin standing in for the API's (support/src/worker.ts). Typed by what
 * it reads, not by the API's Env, so the console's program (which has only its own
 * generated bindings) can use it; the compiler checks both Workers' Env against it.
 */
export interface AccessSettings {
  ENVIRONMENT: string;
  PUBLIC_API_ORIGIN: string;
  ACCESS_TEAM_DOMAIN: string;
  ACCESS_AUD: string;
  /** Development only: the dev issuer's public JWKS, standing in for the team's certs. */
  ACCESS_DEV_JWKS?: string | undefined;
}

const remoteSets = new Map<string, JWTVerifyGetKey>();

function keySet(env: AccessSettings): JWTVerifyGetKey {
  if (isDevelopment(env) && env.ACCESS_DEV_JWKS) return createLocalJWKSet(JSON.parse(env.ACCESS_DEV_JWKS));
  const url = `https://${env.ACCESS_TEAM_DOMAIN}/cdn-cgi/access/certs`;
  let set = remoteSets.get(url);
  if (!set) {
    // jose caches the keys and refetches on an unknown kid (Access rotates every 6 weeks).
    set = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    remoteSets.set(url, set);
  }
  return set;
}

export function accessIssuer(env: Pick<AccessSettings, "ACCESS_TEAM_DOMAIN">): string {
  return `https://${env.ACCESS_TEAM_DOMAIN}`;
}

export async function verifyStaff(request: Request, env: AccessSettings): Promise<Staff> {
  const token = request.headers.get("cf-access-jwt-assertion");
  // One answer for every failure: nothing about why a token was refused leaks (the cause
  // is kept for logs only).
  const refused = (cause?: unknown) => new ApiError("UNAUTHORIZED", { message: "A valid Cloudflare Access token is required.", cause });
  if (!token || !env.ACCESS_AUD || !env.ACCESS_TEAM_DOMAIN) throw refused();
  try {
    const { payload } = await jwtVerify(token, keySet(env), {
      issuer: accessIssuer(env),
      audience: env.ACCESS_AUD,
      algorithms: ["RS256"],
      requiredClaims: ["exp", "iat"],
      clockTolerance: 60,
    });
    const email = typeof payload.email === "string" ? payload.email.trim().toLowerCase() : "";
    if (!email.includes("@")) throw new Error("no email claim");
    return { email };
  } catch (err) {
    throw refused(err);
  }
}
