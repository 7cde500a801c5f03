import type { AccountObject } from "../durable-objects/account-object";
import type { PaymentIndexObject } from "../durable-objects/payment-index-object";

/** Bindings and configuration of the API Worker (see wrangler.toml and .dev.vars.example). */
export interface Env {
  ACCOUNT: DurableObjectNamespace<AccountObject>;
  PAYMENTS: DurableObjectNamespace<PaymentIndexObject>;
  DB: D1Database;
  KV: KVNamespace;

  /** "development" turns on the /dev endpoints; anything else is production-like. */
  ENVIRONMENT: string;
  /** `iss` of license tokens: the origin desktop apps talk to. */
  PUBLIC_API_ORIGIN: string;
  TOKEN_TTL_SECONDS?: string;
  THROTTLE_IP_PER_MINUTE?: string;
  THROTTLE_LICENSE_PER_MINUTE?: string;
  /** Where emails and redirects send people. */
  PORTAL_ORIGIN: string;
  SITE_ORIGIN: string;
  DOCS_ORIGIN: string;

  // Checkout and email (all optional locally: a dev checkout and a dev mailbox stand in).
  STRIPE_SECRET_KEY?: string;
  STRIPE_PRICE_ID?: string;
  STRIPE_WEBHOOK_SECRET: string;
  /** "resend" to send real email; unset in development (the dev mailbox). */
  MAIL_PROVIDER?: string;
  RESEND_API_KEY?: string;
  MAIL_FROM?: string;

  // Support / admin API behind Cloudflare Access.
  /** e.g. "yourteam.cloudflareaccess.com": issuer and JWKS host of Access JWTs. */
  ACCESS_TEAM_DOMAIN: string;
  /** The Access application's AUD tag. */
  ACCESS_AUD: string;
  /** Development only: public JWKS of the local dev issuer (never set in production). */
  ACCESS_DEV_JWKS?: string;
  SUPPORT_ORIGIN?: string;

  // Secrets.
  /** Private Ed25519 JWK (JSON, with `kid`) that signs license tokens. */
  TOKEN_SIGNING_JWK: string;
  /** The Ed25519 JWK that signs next (private or public; only its public part is published), so apps can pin it first. */
  TOKEN_NEXT_JWK?: string;
  /** JSON array of retired public JWKs still published so installed apps keep verifying. */
  TOKEN_PREVIOUS_JWKS?: string;
  /** base64 of 32 bytes: AES-256-GCM key for the stored copy of each license key. */
  LICENSE_KEY_ENCRYPTION_KEY: string;
  /** Keys the derivation of account ids from emails and the license-key check tag. Never rotate. */
  ROUTING_SECRET: string;
}

/**
 * Development mode (the /dev endpoints, the dev mailbox, the dev Access issuer, the dev
 * checkout) needs two things a production deploy cannot have both of: the variable
 * ENVIRONMENT=development, and an API origin on this machine (PUBLIC_API_ORIGIN is the
 * `iss` of every license token, so a real deploy must name its public address). One
 * mistyped variable alone never opens them.
 */
export function isDevelopment(env: Pick<Env, "ENVIRONMENT" | "PUBLIC_API_ORIGIN">): boolean {
  return env.ENVIRONMENT === "development" && isLoopbackOrigin(env.PUBLIC_API_ORIGIN);
}

export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const { hostname } = new URL(origin);
    return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
  } catch {
    return false;
  }
}
