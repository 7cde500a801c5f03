/**
 * Signing keys of license tokens. TOKEN_SIGNING_JWK is the current private Ed25519 key
 * (with its `kid`); TOKEN_PREVIOUS_JWKS lists retired public keys that stay published so
 * tokens already on customers' machines keep verifying until they expire.
 * Rotation: move the current public key into TOKEN_PREVIOUS_JWKS, set a new signing key,
 * and drop the old entry once the token lifetime (14 days) has passed.
 */
import { importJWK, type JWK } from "jose";

export interface Keyring {
  kid: string;
  privateKey: CryptoKey;
  /** Public JWKs to publish, current first. */
  publicKeys: JWK[];
}

const PUBLIC_FIELDS = ["kty", "crv", "x", "kid"] as const;

function publicPart(jwk: JWK): JWK {
  const out: JWK = { alg: "EdDSA", use: "sig" };
  for (const field of PUBLIC_FIELDS) if (jwk[field] !== undefined) (out as Record<string, unknown>)[field] = jwk[field];
  return out;
}

function parseJson<T>(name: string, text: string | undefined, fallback: T): T {
  if (text === undefined || text.trim() === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
}

async function load(signingJwk: string, previousJwks: string | undefined): Promise<Keyring> {
  const current = parseJson<JWK | null>("TOKEN_SIGNING_JWK", signingJwk, null);
  if (!current || current.kty !== "OKP" || current.crv !== "Ed25519" || !current.d || !current.kid) {
    throw new Error("TOKEN_SIGNING_JWK must be a private Ed25519 JWK with a kid");
  }
  const previous = parseJson<JWK[]>("TOKEN_PREVIOUS_JWKS", previousJwks, []);
  const privateKey = (await importJWK(current, "EdDSA")) as CryptoKey;
  return {
    kid: current.kid,
    privateKey,
    // Only public members are ever published, even if a private key was pasted by mistake.
    publicKeys: [publicPart(current), ...previous.filter((k) => k.kid !== current.kid).map(publicPart)],
  };
}

let cache: { source: string; keyring: Promise<Keyring> } | null = null;

export function keyring(env: { TOKEN_SIGNING_JWK: string; TOKEN_PREVIOUS_JWKS?: string | undefined }): Promise<Keyring> {
  const source = `${env.TOKEN_SIGNING_JWK}\n${env.TOKEN_PREVIOUS_JWKS ?? ""}`;
  if (cache?.source !== source) {
    const keyringPromise = load(env.TOKEN_SIGNING_JWK, env.TOKEN_PREVIOUS_JWKS);
    keyringPromise.catch(() => {
      if (cache?.keyring === keyringPromise) cache = null;
    });
    cache = { source, keyring: keyringPromise };
  }
  return cache.keyring;
}
