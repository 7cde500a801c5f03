/**
 * Signing keys of license tokens. TOKEN_SIGNING_JWK is the current private Ed25519 key
 * (with its `kid`); TOKEN_NEXT_JWK is the key that will sign next, published now so that
 * apps can pin it in a release before it signs anything (desktop apps trust only keys
 * compiled into them); TOKEN_PREVIOUS_JWKS lists retired public keys that stay published
 * so tokens already on customers' machines keep verifying until they expire.
 * Rotation: ship app releases pinning the current and next keys; when enough installs
 * have them, make the next key the signing key, move the old public key into
 * TOKEN_PREVIOUS_JWKS, generate a new next key, and drop the old entry once the token
 * lifetime (14 days) has passed.
 */
import { importJWK, type JWK } from "jose";

export interface Keyring {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWKs to publish, current first. */
  publicKeys: PublicJwk[];
}

/** What is published of a key: its public members only, even where a private key was given. */
export interface PublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
}

function publicPart(jwk: JWK): PublicJwk {
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || !jwk.x || !jwk.kid) throw new Error(`key ${jwk.kid ?? "(no kid)"} is not an Ed25519 public key`);
  return { alg: "EdDSA", use: "sig", kty: "OKP", crv: "Ed25519", x: jwk.x, kid: jwk.kid };
}

function parseJson<T>(name: string, text: string | undefined, fallback: T): T {
  if (text === undefined || text.trim() === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    // No `cause` on purpose: the parser's message quotes the text, which is key material.
    throw new Error(`${name} is not valid JSON`);
  }
}

interface KeySources {
  TOKEN_SIGNING_JWK: string;
  TOKEN_NEXT_JWK?: string | undefined;
  TOKEN_PREVIOUS_JWKS?: string | undefined;
}

async function load({ TOKEN_SIGNING_JWK: signingJwk, TOKEN_NEXT_JWK: nextJwk, TOKEN_PREVIOUS_JWKS: previousJwks }: KeySources): Promise<Keyring> {
  const current = parseJson<JWK | null>("TOKEN_SIGNING_JWK", signingJwk, null);
  if (current?.kty !== "OKP" || current.crv !== "Ed25519" || !current.d || !current.kid) {
    throw new Error("TOKEN_SIGNING_JWK must be a private Ed25519 JWK with a kid");
  }
  const next = parseJson<JWK | null>("TOKEN_NEXT_JWK", nextJwk, null);
  if (next && (next.kty !== "OKP" || next.crv !== "Ed25519" || !next.x || !next.kid || next.kid === current.kid)) {
    throw new Error("TOKEN_NEXT_JWK must be an Ed25519 JWK with its own kid");
  }
  const previous = parseJson<JWK[]>("TOKEN_PREVIOUS_JWKS", previousJwks, []);
  const privateKey = (await importJWK(current, "EdDSA")) as CryptoKey;
  const published = [current, ...(next ? [next] : []), ...previous];
  return {
    kid: current.kid,
    privateKey,
    // Current, next, then retired; each kid once. Only public members are ever
    // published, even where a private key was given (the next key may be kept private
    // so that promoting it is a rename).
    publicKeys: published.filter((k, i) => published.findIndex((o) => o.kid === k.kid) === i).map(publicPart),
  };
}

let cache: { source: string; keyring: Promise<Keyring> } | null = null;

export function keyring(env: KeySources): Promise<Keyring> {
  const source = `${env.TOKEN_SIGNING_JWK}\n${env.TOKEN_NEXT_JWK ?? ""}\n${env.TOKEN_PREVIOUS_JWKS ?? ""}`;
  if (cache?.source !== source) {
    const keyringPromise = load(env);
    keyringPromise.catch(() => {
      if (cache?.keyring === keyringPromise) cache = null;
    });
    cache = { source, keyring: keyringPromise };
  }
  return cache.keyring;
}
