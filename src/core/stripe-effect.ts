/**
 * What a Stripe event means for an account, reduced by src/stripe/event-mapping.ts from
 * the verified event. The object applies each event id at most once.
 */
export type StripeEffect =
  | {
      kind: "checkout";
      eventId: string;
      eventType: string;
      sessionId: string;
      paymentIntentId: string | null;
      email: string | null;
      paid: boolean;
      quantity: number;
      amount: number;
      currency: string;
      productId: string;
    }
  | {
      kind: "checkout_failed";
      eventId: string;
      eventType: string;
      sessionId: string;
      paymentIntentId: string | null;
      email: string | null;
      quantity: number;
      amount: number;
      currency: string;
      productId: string;
    }
  /** A signed session that is not a purchase of ours (API.md): recorded and audited, grants nothing. */
  | {
      kind: "checkout_ignored";
      eventId: string;
      eventType: string;
      sessionId: string;
      paymentIntentId: string | null;
      email: string | null;
      amount: number;
      currency: string;
      reason: string;
    }
  | { kind: "refund"; eventId: string; eventType: string; paymentIntentId: string; chargeId: string; amountRefunded: number; fullyRefunded: boolean }
  | { kind: "dispute"; eventId: string; eventType: string; paymentIntentId: string; disputeId: string; state: "open" | "won" | "lost" };
