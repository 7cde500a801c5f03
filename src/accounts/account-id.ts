import { hmacSha256 } from "../core/crypto/digest";
import { bitsToBase32, randomBase32 } from "../core/crypto/encoding";
import { accountIdFromPart } from "../license/license-key";

/**
 * One spelling per mailbox: trimmed, NFC, lower case. Deliberately no provider-specific
 * rewriting (dots or +tags in Gmail): those are different mailboxes elsewhere.
 */
export function normalizeEmail(email: string): string {
  return email.trim().normalize("NFC").toLowerCase();
}

/**
 * The account id of an email, derived (HMAC under ROUTING_SECRET) rather than looked up:
 * every purchase, grant or sign-in for one email lands on the same account object, so
 * two first purchases arriving at once are serialized by that object and can never
 * create two accounts, and none of it needs D1 to be up.
 */
export async function accountIdForEmail(routingSecret: string, email: string): Promise<string> {
  const mac = await hmacSha256(routingSecret, `account-id\n${normalizeEmail(email)}`);
  return accountIdFromPart(bitsToBase32(mac, 12));
}

/**
 * A fresh account id that no email derives to (60 random bits, the same shape, so keys,
 * links and sessions route to it the same way): for an email whose derived object holds
 * an account that has moved to another email (src/accounts/email-routing.ts).
 */
export function newAccountId(): string {
  return accountIdFromPart(randomBase32(12));
}
