/**
 * The API's own check of a license token presented as a bearer credential (desktop
 * sync): the signature against every published key (current, next, retired, so tokens
 * keep working through a rotation), header `alg: EdDSA` and `typ: license+jwt`, `aud`,
 * `iss` and `exp`. Whether the machine still holds a seat is not in the token: the
 * account object answers that on every call.
 */
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";
import { Lru } from "../lru";
import { type Keyring, keyring } from "./keyring";
import { TOKEN_AUDIENCE, TOKEN_TYPE } from "./license-token";

/** What a verified token says about its bearer. */
export interface BearerClaims {
  accountId: string;
  licenseId: string;
  activationId: string;
  /** `fp`: SHA-256 hex of the fingerprint the token was issued to. */
  fingerprintHash: string;
  /** `exp`, in ms. */
  expiresAtMs: number;
}

export type TokenVerdict =
  | { ok: true; claims: BearerClaims }
  /** `stale`: a genuine token from before the `acc` claim; a validate brings one with it. */
  | { ok: false; reason: "invalid" | "expired" | "stale" };

interface KeySources {
  TOKEN_SIGNING_JWK: string;
  TOKEN_NEXT_JWK?: string | undefined;
  TOKEN_PREVIOUS_JWKS?: string | undefined;
  PUBLIC_API_ORIGIN: string;
}

const keySets = new WeakMap<Keyring, JWTVerifyGetKey>();

// Tokens verified moments ago skip the signature check (a machine syncing sends the same
// token for up to an hour, see issueToken). `exp` is checked on every use; the key set
// is part of the entry, so a key removed from the published set stops its tokens here too.
const verified = new Lru<string, { claims: BearerClaims; keys: Keyring; issuer: string }>(4_096);

export async function verifyBearerToken(env: KeySources, token: string, nowMs = Date.now()): Promise<TokenVerdict> {
  const ring = await keyring(env);
  const cached = verified.get(token);
  if (cached && cached.keys === ring && cached.issuer === env.PUBLIC_API_ORIGIN) {
    return cached.claims.expiresAtMs > nowMs ? { ok: true, claims: cached.claims } : { ok: false, reason: "expired" };
  }
  let keys = keySets.get(ring);
  if (!keys) {
    keys = createLocalJWKSet({ keys: ring.publicKeys });
    keySets.set(ring, keys);
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      algorithms: ["EdDSA"],
      typ: TOKEN_TYPE,
      audience: TOKEN_AUDIENCE,
      issuer: env.PUBLIC_API_ORIGIN,
      requiredClaims: ["exp", "sub"],
      currentDate: new Date(nowMs),
    }));
  } catch (err) {
    return { ok: false, reason: (err as { code?: string }).code === "ERR_JWT_EXPIRED" ? "expired" : "invalid" };
  }
  const { sub, act, acc, fp, exp } = payload;
  if (typeof sub !== "string" || typeof act !== "string" || typeof fp !== "string" || typeof exp !== "number") return { ok: false, reason: "invalid" };
  if (typeof acc !== "string") return { ok: false, reason: "stale" };
  const claims: BearerClaims = { accountId: acc, licenseId: sub, activationId: act, fingerprintHash: fp, expiresAtMs: exp * 1000 };
  verified.set(token, { claims, keys: ring, issuer: env.PUBLIC_API_ORIGIN });
  return { ok: true, claims };
}
