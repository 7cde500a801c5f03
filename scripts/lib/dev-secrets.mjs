// Fresh local-only secrets for .dev.vars, the test pool and the benchmark.
import { generateKeyPairSync, randomBytes } from "node:crypto";

/** A private Ed25519 JWK with a kid, as TOKEN_SIGNING_JWK expects (JSON text). */
export function generateSigningJwk(label = "dev") {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" });
  return JSON.stringify({ ...jwk, kid: `${label}-${randomBytes(6).toString("hex")}` });
}

/** Every value .dev.vars.example marks "generate". */
export function generateDevSecrets() {
  return {
    TOKEN_SIGNING_JWK: generateSigningJwk(),
    LICENSE_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    ROUTING_SECRET: randomBytes(32).toString("base64url"),
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
