/**
 * The portal's bearer secrets: sign-in tokens (in the emailed link) and session ids (in
 * the cookie). Like a license key, each names its account and carries a keyed check
 * tag, so the Worker knows which account object to ask from the secret alone (no KV, no
 * D1), and turns away anything it did not issue before any object or store is touched:
 *
 *   aaaaaaaaaaaa SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS TTTTTTTT   (63 characters)
 *   └ 12: the account part (lower-case Crockford, as in the account id)
 *                └ 43: 256 random bits, base64url — the secret itself
 *                                                               └ 8: HMAC-SHA-256 under
 *     ROUTING_SECRET of the kind and the rest, first 48 bits, base64url: a filter, not
 *     the secret (junk passes 1 time in 2^48)
 *
 * Only [0-9A-Za-z_-]: safe in a cookie and in a URL fragment. The kind is part of the
 * tag, so a sign-in token never passes as a session id or the reverse. Only SHA-256
 * hashes of these are ever stored.
 */
import { hmacSha256, sha256Hex, timingSafeEqualText } from "../core/crypto/digest";
import { accountIdFromPart, accountPartOf } from "../license/license-key";

export type SecretKind = "sign-in" | "session";

const ACCOUNT_CHARS = 12;
const BODY_CHARS = ACCOUNT_CHARS + 43;
const SHAPE = /^[0-9a-hjkmnp-tv-z]{12}[A-Za-z0-9_-]{51}$/;

export const hashSecret = sha256Hex;

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function tagFor(routingSecret: string, kind: SecretKind, body: string): Promise<string> {
  return base64Url((await hmacSha256(routingSecret, `${kind}-tag\n${body}`)).slice(0, 6));
}

/** A new secret of `kind` for an account. */
export async function newRoutedSecret(routingSecret: string, kind: SecretKind, accountId: string): Promise<string> {
  const part = accountPartOf(accountId);
  if (!part) throw new Error("account id has no routable part");
  const body = part.toLowerCase() + base64Url(crypto.getRandomValues(new Uint8Array(32)));
  return body + (await tagFor(routingSecret, kind, body));
}

/** The account a secret of `kind` names, or null for anything this API did not issue. */
export async function parseRoutedSecret(routingSecret: string, kind: SecretKind, value: string): Promise<{ accountId: string } | null> {
  if (!SHAPE.test(value)) return null;
  const expected = await tagFor(routingSecret, kind, value.slice(0, BODY_CHARS));
  if (!timingSafeEqualText(expected, value.slice(BODY_CHARS))) return null;
  return { accountId: accountIdFromPart(value.slice(0, ACCOUNT_CHARS)) };
}

export const newSignInToken = (routingSecret: string, accountId: string) => newRoutedSecret(routingSecret, "sign-in", accountId);
export const parseSignInToken = (routingSecret: string, token: string) => parseRoutedSecret(routingSecret, "sign-in", token);
export const newSessionId = (routingSecret: string, accountId: string) => newRoutedSecret(routingSecret, "session", accountId);
export const parseSessionId = (routingSecret: string, sessionId: string) => parseRoutedSecret(routingSecret, "session", sessionId);
