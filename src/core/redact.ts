/**
 * What may be written to a log. Never: a license key, a license or Access token, a portal
 * session id or sign-in token, an email's body, a secret or a JWK. Two nets, because
 * either alone misses something:
 *
 * - by field name: a field named like a secret (`license_key`, `sessionId`, `token`,
 *   `email_body`, `STRIPE_WEBHOOK_SECRET`, `jwk`, …) is masked whatever its value;
 * - by shape: any string (an error's message included) has the values that look like
 *   one of our secrets masked, wherever they sit in it.
 *
 * Errors become plain data here (name, message, stack, cause chain), so their text is
 * redacted like any other.
 */
export const REDACTED = "[redacted]";

/** A field whose name holds one of these words (split at `_`, `-` and camelCase) is a secret. */
const SECRET_WORDS = new Set([
  "key",
  "keys",
  "token",
  "tokens",
  "secret",
  "secrets",
  "password",
  "passphrase",
  "credential",
  "credentials",
  "private",
  "jwk",
  "jwks",
  "cookie",
  "cookies",
  "authorization",
  "signature",
  "ciphertext",
  "session",
  "sessions",
  // an email's content
  "body",
  "html",
  "text",
]);

/** Named like a secret, but not one: a Stripe Checkout Session id names a purchase, it opens nothing. */
const NOT_SECRET = new Set(["checkout_session_id"]);

/** Secrets whose name holds no secret word: a desktop sign-in's device code. */
const SECRET_NAMES = new Set(["device_code"]);

const SECRET_SHAPES: readonly [RegExp, string | ((match: string) => string)][] = [
  // A JWK, private or public (never needed in a log, and simpler than telling them apart).
  [/\{[^{}]*"kty"\s*:[^{}]*\}/g, "[redacted:jwk]"],
  // License keys: CGPT and 40 Crockford characters, grouped by dashes or not, any case.
  [/\bCGPT(?:-?[0-9A-Z]){20,}/gi, "[redacted:license-key]"],
  // JWS/JWT (license tokens, Access tokens): a JSON header, a payload, a signature.
  [/\beyJ[\w-]*\.[\w-]*\.?[\w-]*/g, "[redacted:jwt]"],
  // Portal sign-in tokens and session ids: 12 account characters, then 51 base64url.
  [/(?<![\w-])[0-9a-hjkmnp-tv-z]{12}[\w-]{51}(?![\w-])/g, "[redacted:portal-secret]"],
  // Desktop sign-in device codes: 8 letters of the user-code alphabet, then 51 base64url.
  [/(?<![\w-])[BCDFGHJKLMNPQRSTVWXZ]{8}[\w-]{51}(?![\w-])/g, "[redacted:device-code]"],
  // Stripe API keys and webhook secrets, Resend API keys.
  [/\b(?:sk|rk)_(?:live|test)_\w+/g, "[redacted:stripe-key]"],
  [/\bwhsec_\w+/g, "[redacted:webhook-secret]"],
  [/\bre_\w{16,}/g, "[redacted:resend-key]"],
  [/\bBearer\s+[\w.~+/-]+=*/gi, "Bearer [redacted]"],
  // Raw key material: padded base64 of 30 bytes or more (`openssl rand -base64 32`), and
  // 32 random bytes in base64url (43 characters, as the dev secrets are made) — told from
  // a long identifier by holding upper case, lower case and digits, as random text does.
  [/(?<![\w+/])[A-Za-z0-9+/]{40,}={1,2}(?![\w+/=])/g, "[redacted:key-material]"],
  [/(?<![\w-])[\w-]{43}(?![\w-])/g, (run) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? "[redacted:key-material]" : run)],
];

/** Deeper than any line we write; it also ends a cycle. */
const MAX_DEPTH = 12;

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
}

export function isSecretName(name: string): boolean {
  if (NOT_SECRET.has(words(name).join("_"))) return false;
  if (SECRET_NAMES.has(words(name).join("_"))) return true;
  return words(name).some((word) => SECRET_WORDS.has(word));
}

export function redactText(text: string): string {
  let out = text;
  for (const [shape, mask] of SECRET_SHAPES) out = out.replace(shape, typeof mask === "string" ? () => mask : mask);
  return out;
}

/** Errors as data (their own fields are not enumerable); anything with toJSON as JSON would write it. */
function plain(value: object, stacks: boolean): unknown {
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: value.message };
    if (stacks && value.stack) out.stack = value.stack;
    if (value.cause !== undefined) out.cause = value.cause;
    return out;
  }
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  return typeof toJSON === "function" ? toJSON.call(value) : value;
}

export interface RedactOptions {
  /** Keep errors' stacks (default true). */
  stacks?: boolean;
}

/** A copy of `value` that is safe to log (see the top of this file). */
export function redact(value: unknown, options: RedactOptions = {}): unknown {
  return walk(value, "", 0, options.stacks ?? true);
}

function walk(value: unknown, name: string, depth: number, stacks: boolean): unknown {
  if (name !== "" && isSecretName(name) && value !== null && value !== undefined) return REDACTED;
  if (typeof value === "string") return redactText(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return "[too deep]";
  const source = plain(value, stacks);
  if (source !== value) return walk(source, "", depth + 1, stacks);
  if (Array.isArray(value)) return value.map((item) => walk(item, "", depth + 1, stacks));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = walk(item, key, depth + 1, stacks);
  return out;
}
