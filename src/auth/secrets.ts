/**
 * Random bearer secrets for sign-in links and sessions: 256 bits from
 * crypto.getRandomValues, base64url. Only their SHA-256 hashes are ever stored.
 */
import { sha256Hex } from "../crypto/digest";
import { accountIdFromPart, accountPartOf } from "../license/license-key";

function randomBase64Url(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  let binary = "";
  for (const b of raw) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function newSessionId(): string {
  return randomBase64Url(32);
}

export const hashSecret = sha256Hex;

/**
 * A sign-in token names its account (like a license key) so redeeming it needs no
 * lookup anywhere but the account object, which holds its hash:
 * "<12-char account part>.<43-char secret>".
 */
export function newSignInToken(accountId: string): string {
  const part = accountPartOf(accountId);
  if (!part) throw new Error("account id has no routable part");
  return `${part.toLowerCase()}.${randomBase64Url(32)}`;
}

export function parseSignInToken(token: string): { accountId: string } | null {
  const match = /^([0-9a-hjkmnp-tv-z]{12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { accountId: accountIdFromPart(match[1]!) } : null;
}
