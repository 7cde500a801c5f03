/**
 * Stripe signature verification on the raw body (constructEventAsync with the
 * SubtleCrypto provider).
 *
 * The library rejects timestamps older than the tolerance but accepts any in the
 * future; we also reject those further ahead than the tolerance, so a captured request
 * signed with a skewed clock cannot be replayed later. Both checks must read the header
 * the same way: a header may carry several `t=` elements, and a check that read a
 * different one than the library (which signs and ages the last) could be fooled by
 * putting a fresh `t=` beside a stale signed one. So there is one parse, the library's:
 * the future check asks the library again, with its clock moved ahead.
 */
import Stripe from "stripe";
import { ApiError } from "../errors/api-error";

export const SIGNATURE_TOLERANCE_SECONDS = 300;
const cryptoProvider = Stripe.createSubtleCryptoProvider();

export async function verifyStripeEvent(raw: Uint8Array, header: string | null, secret: string, nowMs = Date.now()): Promise<Stripe.Event> {
  if (!header) throw new ApiError("SIGNATURE_INVALID", { message: "The Stripe-Signature header is missing." });
  let event: Stripe.Event;
  try {
    // Signature over the library's timestamp, and that timestamp not too old (receivedAt in ms).
    event = await Stripe.webhooks.constructEventAsync(raw, header, secret, SIGNATURE_TOLERANCE_SECONDS, cryptoProvider, nowMs);
  } catch (err) {
    throw new ApiError("SIGNATURE_INVALID", { cause: err });
  }
  if (await signedTooFarAhead(raw, header, secret, nowMs)) throw new ApiError("SIGNATURE_INVALID");
  return event;
}

/**
 * Whether the signed timestamp t (as the library reads it) is more than the tolerance
 * ahead of now. The library fails a header when `receivedAt - t > tolerance`; with
 * receivedAt = now + tolerance + 2 s and a tolerance of 1 s it passes exactly when
 * t ≥ now + tolerance + 1, i.e. t is too far ahead. The signature itself was already
 * verified with the same inputs, so only the time can make this call fail.
 */
async function signedTooFarAhead(raw: Uint8Array, header: string, secret: string, nowMs: number): Promise<boolean> {
  const aheadMs = (Math.floor(nowMs / 1000) + SIGNATURE_TOLERANCE_SECONDS + 2) * 1000;
  try {
    return await Stripe.webhooks.signature!.verifyHeaderAsync(raw, header, secret, 1, cryptoProvider, aheadMs);
  } catch {
    return false;
  }
}
