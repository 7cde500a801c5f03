// Fresh local-only secrets for .dev.vars, the test pool and the benchmark.
import { generateKeyPairSync, randomBytes } from "node:crypto";

/** A private Ed25519 JWK with a kid, as TOKEN_SIGNING_JWK expects (JSON text). */
export function generateSigningJwk(label = "dev") {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  return JSON.stringify({ ...jwk, kid: `${label}-${randomBytes(6).toString("hex")}` });
}

/**
 * The dev Cloudflare Access issuer: an RS256 key pair, as Access signs with. Returns the
 * private JWK (for `npm run admin:token`) and the public JWKS the API trusts locally.
 */
export function generateAccessIssuer() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const kid = `dev-access-${randomBytes(6).toString("hex")}`;
  return {
    ACCESS_DEV_PRIVATE_JWK: JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid, alg: "RS256" }),
    ACCESS_DEV_JWKS: JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid, alg: "RS256", use: "sig" }] }),
  };
}

/** Every value .dev.vars.example marks "generate". */
export function generateDevSecrets() {
  return {
    TOKEN_SIGNING_JWK: generateSigningJwk(),
    TOKEN_NEXT_JWK: generateSigningJwk("dev-next"),
    LICENSE_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ROUTING_SECRET: randomBytes(32).toString("base64url"),
    ...generateAccessIssuer(),
  };
}

/** Reads KEY=VALUE lines (comments and blanks skipped), as wrangler does for .dev.vars. */
export function parseDevVars(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}
