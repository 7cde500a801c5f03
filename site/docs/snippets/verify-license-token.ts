// Verifying a ChartGPT license token offline (TypeScript, with jose).
// Keep the JWKS from GET /.well-known/jwks.json whenever you are online; verify against
// that saved copy when you are not.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from "jose";

export interface LicenseClaims {
  iss: string;
  aud: string;
  sub: string; // license id
  act: string; // activation id
  fp: string; // SHA-256 hex of this machine's fingerprint
  seats: number;
  ent: string[]; // entitlements, e.g. ["chartgpt"]
  iat: number;
  exp: number;
}

export async function verifyLicenseToken(
  token: string,
  options: { jwks: JSONWebKeySet; issuer: string; fingerprint: string; now?: Date },
): Promise<LicenseClaims> {
  const { payload } = await jwtVerify(token, createLocalJWKSet(options.jwks), {
    issuer: options.issuer, // the API origin, e.g. "https://api.chartgpt.example"
    audience: "desktop",
    algorithms: ["EdDSA"], // never accept anything else
    typ: "license+jwt",
    clockTolerance: 300, // seconds of clock skew you accept
    ...(options.now ? { currentDate: options.now } : {}),
  });
  // The token must be for this machine.
  if (payload.fp !== (await sha256Hex(options.fingerprint))) throw new Error("license token is for another machine");
  return payload as unknown as LicenseClaims;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
