/**
 * Stripe objects and events built with Stripe's own types, so the compiler checks
 * their shape: used by the dev checkout (which must send what Stripe would send) and by
 * the tests' event fixtures.
 */
import Stripe from "stripe";

export interface SessionInput {
  id: string;
  email: string;
  quantity: number;
  unitAmount: number;
  currency: string;
  paymentStatus: Stripe.Checkout.Session.PaymentStatus;
  paymentIntentId: string | null;
  clientReferenceId: string | null;
  product: string;
  locationHint?: string | undefined;
  successUrl: string;
  cancelUrl: string;
  createdSeconds: number;
}

export function checkoutSession(input: SessionInput): Stripe.Checkout.Session {
  const total = input.unitAmount * input.quantity;
  return {
    id: input.id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: null,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: input.createdSeconds,
    currency: input.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_account: null,
    customer_creation: "if_required",
    customer_details: {
      address: null,
      business_name: null,
      email: input.email,
      individual_name: null,
      name: null,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    },
    customer_email: input.email,
    discounts: [],
    expires_at: input.createdSeconds + 24 * 3600,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    managed_payments: null,
    metadata: { product: input.product, quantity: String(input.quantity), ...(input.locationHint ? { location_hint: input.locationHint } : {}) },
    mode: "payment",
    origin_context: null,
    payment_intent: input.paymentIntentId,
    payment_link: null,
    payment_method_collection: null,
    payment_method_configuration_details: null,
    payment_method_options: null,
    payment_method_types: ["card"],
    payment_status: input.paymentStatus,
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "complete",
    submit_type: null,
    subscription: null,
    success_url: input.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: null,
    wallet_options: null,
  };
}

type EventOf<T extends Stripe.Event["type"]> = Extract<Stripe.Event, { type: T }>;

export function event<T extends Stripe.Event["type"]>(
  type: T,
  object: EventOf<T>["data"]["object"],
  options: { id: string; createdSeconds: number },
): EventOf<T> {
  const envelope: Omit<Stripe.Event, "type" | "data"> = {
    id: options.id,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: options.createdSeconds,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  };
  // The generic union cannot be narrowed by the compiler; the envelope above is checked.
  return { ...envelope, type, data: { object } } as EventOf<T>;
}

/** Signs a payload as Stripe does (v1 scheme), for the dev checkout and tests. */
export function signPayload(payload: string, secret: string, timestampSeconds?: number): Promise<string> {
  return Stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret,
    cryptoProvider: Stripe.createSubtleCryptoProvider(),
    ...(timestampSeconds !== undefined ? { timestamp: timestampSeconds } : {}),
  });
}
