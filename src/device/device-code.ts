/**
 * The device code of a desktop sign-in: the app's secret for polling (API.md, "Desktop
 * sign-in"). Laid out like the portal's secrets (src/auth/secrets.ts), so the Worker
 * finds the object holding the authorization from the code alone and turns away
 * anything it did not issue before any object is touched:
 *
 *   BCDFGHJK SSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSSS TTTTTTTT   (59 characters)
 *   └ 8: the user code, which names the authorization's Durable Object
 *            └ 43: 256 random bits, base64url — the secret itself
 *                                                        └ 8: HMAC-SHA-256 under
 *     ROUTING_SECRET of the rest, first 48 bits: a filter, not the secret
 *
 * The user code is no secret from the app (it shows it), so carrying it costs nothing;
 * the 256 random bits are what a poll proves. Only the SHA-256 of the whole code is
 * stored, in the authorization's object.
 */
import { hmacSha256, sha256Hex, timingSafeEqualText } from "../core/crypto/digest";
import { USER_CODE_ALPHABET, USER_CODE_LENGTH } from "../core/user-code";

const BODY_CHARS = USER_CODE_LENGTH + 43;
const SHAPE = new RegExp(`^[${USER_CODE_ALPHABET}]{${USER_CODE_LENGTH}}[A-Za-z0-9_-]{51}$`);

export const hashDeviceCode = sha256Hex;

function base64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function tagFor(routingSecret: string, body: string): Promise<string> {
  return base64Url((await hmacSha256(routingSecret, `device-code-tag\n${body}`)).slice(0, 6));
}

/** A new device code for the authorization that `userCode` names. */
export async function newDeviceCode(routingSecret: string, userCode: string): Promise<string> {
  const body = userCode + base64Url(crypto.getRandomValues(new Uint8Array(32)));
  return body + (await tagFor(routingSecret, body));
}

/** The user code a device code routes to, or null for anything this API did not issue. */
export async function parseDeviceCode(routingSecret: string, value: string): Promise<{ userCode: string } | null> {
  if (!SHAPE.test(value)) return null;
  const expected = await tagFor(routingSecret, value.slice(0, BODY_CHARS));
  if (!timingSafeEqualText(expected, value.slice(BODY_CHARS))) return null;
  return { userCode: value.slice(0, USER_CODE_LENGTH) };
}
