/**
 * License tokens: compact JWS (EdDSA / Ed25519) that let the desktop app keep working
 * offline until `exp`. Claims per API.md ("License tokens"), plus `acc`, the account id:
 * the token is also the bearer credential of desktop sync, and `acc` lets the Worker
 * reach the account object from the token alone, with no lookup (see src/sync/bearer.ts).
 */
import { SignJWT } from "jose";
import { keyring } from "./keyring";

export const TOKEN_AUDIENCE = "desktop";
export const TOKEN_TYPE = "license+jwt";
export const DEFAULT_TOKEN_TTL_SECONDS = 14 * 24 * 3600;

export interface LicenseTokenInput {
  accountId: string;
  licenseId: string;
  activationId: string;
  /** SHA-256 hex of the fingerprint: the app can check the token is for this machine. */
  fingerprintHash: string;
  seats: number;
  entitlements: string[];
}

export interface LicenseTokenClaims {
  iss: string;
  aud: string;
  sub: string;
  act: string;
  /** The account id (an addition to API.md's claims, which allows added claims). */
  acc: string;
  fp: string;
  seats: number;
  ent: string[];
  iat: number;
  exp: number;
}

export function tokenTtlSeconds(configured: string | undefined): number {
  const n = Number(configured);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_TOKEN_TTL_SECONDS;
}

/** Pure: the claims of a token issued at `nowSeconds`. */
export function licenseTokenClaims(input: LicenseTokenInput, issuer: string, nowSeconds: number, ttlSeconds: number): LicenseTokenClaims {
  return {
    iss: issuer,
    aud: TOKEN_AUDIENCE,
    sub: input.licenseId,
    act: input.activationId,
    acc: input.accountId,
    fp: input.fingerprintHash,
    seats: input.seats,
    ent: input.entitlements,
    iat: nowSeconds,
    exp: nowSeconds + ttlSeconds,
  };
}

export async function signLicenseToken(
  env: {
    TOKEN_SIGNING_JWK: string;
    TOKEN_NEXT_JWK?: string | undefined;
    TOKEN_PREVIOUS_JWKS?: string | undefined;
    TOKEN_TTL_SECONDS?: string | undefined;
    PUBLIC_API_ORIGIN: string;
  },
  input: LicenseTokenInput,
  nowMs = Date.now(),
): Promise<string> {
  const ring = await keyring(env);
  const claims = licenseTokenClaims(input, env.PUBLIC_API_ORIGIN, Math.floor(nowMs / 1000), tokenTtlSeconds(env.TOKEN_TTL_SECONDS));
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: "EdDSA", kid: ring.kid, typ: TOKEN_TYPE }).sign(ring.privateKey);
}
