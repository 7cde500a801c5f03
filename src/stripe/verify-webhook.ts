/**
 * Stripe signature verification on the raw body (constructEventAsync with the
 * SubtleCrypto provider). The library rejects timestamps older than the tolerance but
 * accepts any in the future; we also reject those further ahead than the tolerance, so
 * a captured request signed with a skewed clock cannot be replayed later.
 */
import Stripe from "stripe";
import { ApiError } from "../errors/api-error";

export const SIGNATURE_TOLERANCE_SECONDS = 300;
const cryptoProvider = Stripe.createSubtleCryptoProvider();

export async function verifyStripeEvent(raw: Uint8Array, header: string | null, secret: string, nowMs = Date.now()): Promise<Stripe.Event> {
  if (!header) throw new ApiError("SIGNATURE_INVALID", { message: "The Stripe-Signature header is missing." });
  const timestamp = Number(/(?:^|,)\s*t=(\d+)/.exec(header)?.[1]);
  if (!Number.isFinite(timestamp) || timestamp - nowMs / 1000 > SIGNATURE_TOLERANCE_SECONDS) {
    throw new ApiError("SIGNATURE_INVALID");
  }
  try {
    // receivedAt is in milliseconds.
    return await Stripe.webhooks.constructEventAsync(raw, header, secret, SIGNATURE_TOLERANCE_SECONDS, cryptoProvider, nowMs);
  } catch {
    throw new ApiError("SIGNATURE_INVALID");
  }
}
