import type { AccountObject } from "../durable-objects/account-object";

/** Bindings and configuration of the API Worker (see wrangler.toml and .dev.vars.example). */
export interface Env {
  ACCOUNT: DurableObjectNamespace<AccountObject>;
  DB: D1Database;
  KV: KVNamespace;

  /** "development" turns on the /dev endpoints; anything else is production-like. */
  ENVIRONMENT: string;
  /** `iss` of license tokens: the origin desktop apps talk to. */
  PUBLIC_API_ORIGIN: string;
  TOKEN_TTL_SECONDS?: string;
  THROTTLE_IP_PER_MINUTE?: string;
  THROTTLE_LICENSE_PER_MINUTE?: string;

  // Secrets.
  /** Private Ed25519 JWK (JSON, with `kid`) that signs license tokens. */
  TOKEN_SIGNING_JWK: string;
  /** JSON array of retired public JWKs still published so installed apps keep verifying. */
  TOKEN_PREVIOUS_JWKS?: string;
  /** base64 of 32 bytes: AES-256-GCM key for the stored copy of each license key. */
  LICENSE_KEY_ENCRYPTION_KEY: string;
  /** Keys the derivation of account ids from emails and the license-key check tag. Never rotate. */
  ROUTING_SECRET: string;
}

export function isDevelopment(env: Pick<Env, "ENVIRONMENT">): boolean {
  return env.ENVIRONMENT === "development";
}
