/**
 * Offline verification of a license token (API.md, "License tokens"): a compact JWS,
 * EdDSA over Ed25519, header `{ alg: "EdDSA", kid, typ: "license+jwt" }`, checked
 * against the pinned keys only. The expiry is left to the caller, which must first rule
 * out a clock set back (see clock.ts) before it trusts "not expired yet".
 */
import { createHash } from "node:crypto";
import { compactVerify, decodeProtectedHeader, importJWK, type JWSHeaderParameters } from "jose";
import type { PinnedKey } from "./pinned-keys.js";

export const TOKEN_AUDIENCE = "desktop";
export const TOKEN_TYPE = "license+jwt";

export interface LicenseTokenClaims {
  iss: string;
  aud: string;
  /** license id */
  sub: string;
  /** activation id */
  act: string;
  /** SHA-256 hex of the fingerprint the token was issued to */
  fp: string;
  seats: number;
  ent: string[];
  iat: number;
  exp: number;
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

export type TokenCheck = { ok: true; claims: LicenseTokenClaims } | { ok: false; reason: string };

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Imported keys, by kid; importing is async and worth doing once. */
export class PinnedKeySet {
  private readonly byKid = new Map<string, PinnedKey>();
  private readonly imported = new Map<string, Promise<ImportedKey>>();

  constructor(keys: readonly PinnedKey[]) {
    for (const key of keys) this.byKid.set(key.kid, key);
  }

  get size(): number {
    return this.byKid.size;
  }

  key(header: JWSHeaderParameters): Promise<ImportedKey> {
    const jwk = header.kid === undefined ? undefined : this.byKid.get(header.kid);
    if (!jwk || header.kid === undefined) return Promise.reject(new Error(`key id ${JSON.stringify(header.kid)} is not pinned`));
    let imported = this.imported.get(header.kid);
    if (!imported) {
      imported = importJWK({ kty: jwk.kty, crv: jwk.crv, x: jwk.x }, "EdDSA");
      this.imported.set(header.kid, imported);
    }
    return imported;
  }
}

function isClaims(value: unknown): value is LicenseTokenClaims {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.iss === "string" &&
    typeof c.aud === "string" &&
    typeof c.sub === "string" &&
    typeof c.act === "string" &&
    typeof c.fp === "string" &&
    typeof c.seats === "number" &&
    Array.isArray(c.ent) &&
    typeof c.iat === "number" &&
    Number.isFinite(c.iat) &&
    typeof c.exp === "number" &&
    Number.isFinite(c.exp)
  );
}

export interface TokenExpectations {
  keys: PinnedKeySet;
  /** The issuer the token must name (the API origin it came from). */
  issuer: string;
  /** This machine's fingerprint (hashed here, compared with `fp`). */
  fingerprint: string;
}

/** Signature, header, audience, issuer and machine: everything but time. */
export async function verifyLicenseToken(token: string, expect: TokenExpectations): Promise<TokenCheck> {
  if (expect.keys.size === 0) return { ok: false, reason: "no public keys are pinned in this build" };
  let header: JWSHeaderParameters;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    return { ok: false, reason: "not a compact JWS" };
  }
  // Checked before any crypto so `alg: none`, HS256 & co never reach a key.
  if (header.alg !== "EdDSA") return { ok: false, reason: `algorithm ${String(header.alg)} is not accepted` };
  if (header.typ !== TOKEN_TYPE) return { ok: false, reason: `token type ${String(header.typ)} is not ${TOKEN_TYPE}` };
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, (h) => expect.keys.key(h), { algorithms: ["EdDSA"] }));
  } catch (err) {
    return { ok: false, reason: `signature check failed: ${err instanceof Error ? err.message : String(err)}` };
  }
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return { ok: false, reason: "claims are not JSON" };
  }
  if (!isClaims(claims)) return { ok: false, reason: "claims are missing or of the wrong type" };
  if (claims.aud !== TOKEN_AUDIENCE) return { ok: false, reason: `audience ${claims.aud} is not ${TOKEN_AUDIENCE}` };
  if (claims.iss !== expect.issuer) return { ok: false, reason: `issuer ${claims.iss} is not ${expect.issuer}` };
  if (claims.fp !== sha256Hex(expect.fingerprint)) return { ok: false, reason: "the token was issued to another machine" };
  return { ok: true, claims };
}

/** The claims of a token without any check: only for display of what the server sent. */
export function peekClaims(token: string): Partial<LicenseTokenClaims> | undefined {
  const part = token.split(".")[1];
  if (part === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? (value as Partial<LicenseTokenClaims>) : undefined;
  } catch {
    return undefined;
  }
}
