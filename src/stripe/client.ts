/**
 * The Stripe API client, over a fetch the caller may supply (tests answer for Stripe;
 * production passes the runtime's fetch).
 */
import Stripe from "stripe";

export function stripeClient(secretKey: string, fetchImpl: typeof fetch, options: { timeoutMs: number; retries: number }): Stripe {
  return new Stripe(secretKey, {
    httpClient: Stripe.createFetchHttpClient(fetchImpl),
    maxNetworkRetries: options.retries,
    timeout: options.timeoutMs,
  });
}
