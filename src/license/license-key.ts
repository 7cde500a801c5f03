import { hmacSha256 } from "../core/crypto/digest";
import { bitsToBase32, normalizeBase32, randomBase32 } from "../core/crypto/encoding";
import { timingSafeEqualText } from "../core/crypto/digest";

/**
 * License key layout (40 Crockford characters after the product prefix, shown in
 * groups of five):
 *
 *   CGPT-AAAAA-AAAAA-AASSS-SSSSS-SSSSS-SSSSS-SSSSS-SSSTT
 *        └ 12 account chars (60 bits): routes to the account object with no D1 read
 *                      └ 26 secret chars (130 bits from crypto.getRandomValues)
 *                                                    └ 2 tag chars: a keyed check
 *
 * The tag is an HMAC of the rest under ROUTING_SECRET: a typo or a guessed key is turned
 * away at the edge before it reaches (and instantiates) any account object. It is a
 * filter (1 in 1,024 random strings pass), not the secret: that is the 130-bit part.
 */
export const KEY_PREFIX = "CGPT";
const ACCOUNT_CHARS = 12;
const SECRET_CHARS = 26;
const TAG_CHARS = 2;
const BODY_CHARS = ACCOUNT_CHARS + SECRET_CHARS + TAG_CHARS;

export interface ParsedLicenseKey {
  /** Canonical text (upper case, grouped): what is hashed and shown. */
  canonical: string;
  accountId: string;
}

export function accountIdFromPart(part: string): string {
  return `acct_${part.toLowerCase()}`;
}

export function accountPartOf(accountId: string): string | null {
  const part = accountId.startsWith("acct_") ? normalizeBase32(accountId.slice(5)) : null;
  return part && part.length === ACCOUNT_CHARS ? part : null;
}

async function tagFor(secret: string, accountAndSecret: string): Promise<string> {
  return bitsToBase32(await hmacSha256(secret, `license-key-tag\n${accountAndSecret}`), TAG_CHARS);
}

function group(body: string): string {
  return `${KEY_PREFIX}-${body.match(/.{1,5}/g)!.join("-")}`;
}

/** A new key for an account; the caller stores only its hash and an encrypted copy. */
export async function generateLicenseKey(routingSecret: string, accountId: string): Promise<string> {
  const part = accountPartOf(accountId);
  if (!part) throw new Error("account id does not carry a routable part");
  const unsigned = part + randomBase32(SECRET_CHARS);
  return group(unsigned + (await tagFor(routingSecret, unsigned)));
}

/**
 * Reads a key the way a person may have typed it (any case, spaces or dashes anywhere,
 * O for 0, I/L for 1). Returns null for anything that is not one of our keys.
 */
export async function parseLicenseKey(routingSecret: string, input: string): Promise<ParsedLicenseKey | null> {
  const compact = input.replace(/[\s\-_]/g, "").toUpperCase();
  if (!compact.startsWith(KEY_PREFIX)) return null;
  const body = normalizeBase32(compact.slice(KEY_PREFIX.length));
  if (!body || body.length !== BODY_CHARS) return null;
  const unsigned = body.slice(0, ACCOUNT_CHARS + SECRET_CHARS);
  const expected = await tagFor(routingSecret, unsigned);
  if (!timingSafeEqualText(expected, body.slice(-TAG_CHARS))) return null;
  return { canonical: group(body), accountId: accountIdFromPart(body.slice(0, ACCOUNT_CHARS)) };
}
