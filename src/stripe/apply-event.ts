/**
 * Carries a verified Stripe event to the account it concerns, exactly once.
 *
 * Checkout events name their account (client_reference_id, or the buyer's email); the
 * account object applies them, then the payment index learns which account owns the
 * payment intent and hands back any refund or dispute that arrived before. Refunds and
 * disputes name only the payment intent: the index routes them, or parks them until
 * their checkout arrives. The license email goes out at least once: the object keeps it
 * pending until the send is confirmed, so a failed send means 503 and Stripe's retry
 * sends it again.
 */
import type { StripeEffect } from "../core/stripe-effect";
import type { EmailElsewhere } from "../../durable-objects/email-routes";
import type { ApplyStripeResult } from "../../durable-objects/types";
import { normalizeEmail } from "../accounts/account-id";
import { atEmailAccount } from "../accounts/email-routing";
import { accountObject, paymentIndex, type Placement } from "../accounts/objects";
import { seatPolicyOf } from "../core/catalog";
import { sha256Hex } from "../core/crypto/digest";
import { log } from "../core/log";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { newId } from "../core/ids";
import { decryptLicenseKey, encryptLicenseKey } from "../license/key-vault";
import { accountPartOf, generateLicenseKey } from "../license/license-key";
import { mailerFor } from "../mail/mailer";
import { licenseEmail } from "../mail/templates";

export type EventOutcome =
  | { applied: boolean; parked?: boolean; duplicate?: boolean }
  /** A session that is not a purchase of ours; `recorded` unless it names no account at all. */
  | { ignored: true; reason: string; recorded: boolean; duplicate?: boolean };

export async function applyStripeEvent(rc: RequestContext, effect: StripeEffect, accountRef: string | null, placement: Placement = {}): Promise<EventOutcome> {
  if (effect.kind === "refund" || effect.kind === "dispute") {
    const routed = await paymentIndex(rc, effect.paymentIntentId, "retry").route({ effect });
    if ("parked" in routed) return { applied: false, parked: true };
    const result = await applyToAccount(rc, routed.accountId, effect);
    return { applied: !result.duplicate, duplicate: result.duplicate };
  }

  if (effect.kind === "checkout_ignored") return recordIgnored(rc, effect, accountRef);

  const email = effect.email ? normalizeEmail(effect.email) : null;
  // A first purchase creates the account object: where the buyer is, not where Stripe is.
  const { accountId, result } = await applyCheckout(rc, { ...effect, email }, accountRef, placement);
  if (effect.paymentIntentId) {
    const claim = await paymentIndex(rc, effect.paymentIntentId, "retry").claim({ accountId });
    for (const parked of claim.parked) await applyToAccount(rc, claim.accountId, parked);
    if (claim.parked.length > 0) {
      await paymentIndex(rc, effect.paymentIntentId, "retry").release({ eventIds: claim.parked.map((e) => e.eventId) });
    }
  }
  if (result.mail) await sendLicenseEmail(rc, accountId, result.mail);
  return { applied: !result.duplicate, duplicate: result.duplicate };
}

/**
 * Audited on the account the session names. It is not a purchase, so no account is
 * created for it, its payment intent is not claimed, and a session that names no
 * account at all is only logged — Stripe still gets its 2xx.
 */
async function recordIgnored(
  rc: RequestContext,
  effect: Extract<StripeEffect, { kind: "checkout_ignored" }>,
  accountRef: string | null,
): Promise<EventOutcome> {
  if (!validAccountRef(accountRef) && !effect.email) {
    log.warn("checkout_ignored_unattributed", { request_id: rc.requestId, checkout_session_id: effect.sessionId, reason: effect.reason });
    return { ignored: true, reason: effect.reason, recorded: false };
  }
  const email = effect.email ? normalizeEmail(effect.email) : null;
  const normalized = { ...effect, email };
  const done = validAccountRef(accountRef)
    ? { result: await applyToAccount(rc, accountRef, normalized) }
    : // Never creates an account: an email that moved away with its account has none to record it on.
      await atEmailAccount(rc, email!, { create: false }, (accountId) => applyToAccount(rc, accountId, normalized, {}, email!));
  if (!done) {
    log.warn("checkout_ignored_unattributed", { request_id: rc.requestId, checkout_session_id: effect.sessionId, reason: effect.reason });
    return { ignored: true, reason: effect.reason, recorded: false };
  }
  return { ignored: true, reason: effect.reason, recorded: true, duplicate: done.result.duplicate };
}

const validAccountRef = (ref: string | null): ref is string => Boolean(ref && accountPartOf(ref) && ref === ref.toLowerCase());

type Applied = Extract<ApplyStripeResult, { ok: true }>;

/**
 * Where a checkout applies: the signed-in buyer's account if the session names a
 * well-formed one; else the account its payment intent was first applied to (a
 * redelivery, or the payment of a pending purchase, must reach the same account even if
 * the email has moved since); else the account that has the email now, or a new one.
 */
async function applyCheckout(
  rc: RequestContext,
  effect: Extract<StripeEffect, { kind: "checkout" | "checkout_failed" }>,
  accountRef: string | null,
  placement: Placement,
): Promise<{ accountId: string; result: Applied }> {
  if (validAccountRef(accountRef)) return { accountId: accountRef, result: await applyToAccount(rc, accountRef, effect, placement) };
  if (!effect.email) throw new ApiError("INVALID_REQUEST", { message: "The checkout session has no customer email." });
  const owner = effect.paymentIntentId ? (await paymentIndex(rc, effect.paymentIntentId, "retry").claimedBy()).accountId : null;
  if (owner) return { accountId: owner, result: await applyToAccount(rc, owner, effect) };
  const email = effect.email;
  const done = await atEmailAccount(rc, email, { create: true }, (accountId) => applyToAccount(rc, accountId, effect, placement, email));
  // create: true never answers null (it allocates, or throws UNAVAILABLE).
  if (!done) throw new ApiError("UNAVAILABLE");
  return done;
}

/** Applies an effect at one account; an email-routed checkout may be sent elsewhere (email-routing.ts). */
async function applyToAccount(rc: RequestContext, accountId: string, effect: StripeEffect, placement?: Placement): Promise<Applied>;
async function applyToAccount(
  rc: RequestContext,
  accountId: string,
  effect: StripeEffect,
  placement: Placement,
  routedByEmail: string,
): Promise<Applied | EmailElsewhere>;
async function applyToAccount(
  rc: RequestContext,
  accountId: string,
  effect: StripeEffect,
  placement: Placement = {},
  routedByEmail?: string,
): Promise<Applied | EmailElsewhere> {
  const { env, requestId } = rc;
  // Key material is made here (crypto is async; the object decides synchronously) and
  // used only if this event creates the account's license.
  const licenseId = newId("lic");
  let newLicense = { id: licenseId, keyHash: "", keyCiphertext: "" };
  if (effect.kind === "checkout" && effect.paid) {
    const key = await generateLicenseKey(env.ROUTING_SECRET, accountId);
    newLicense = { id: licenseId, keyHash: await sha256Hex(key), keyCiphertext: await encryptLicenseKey(env.LICENSE_KEY_ENCRYPTION_KEY, licenseId, key) };
  }
  const result = await accountObject(rc, accountId, "retry", placement).applyStripe({ accountId, effect, requestId, newLicense, routedByEmail });
  if (result.ok) return result;
  if (result.code === "EMAIL_ROUTED" || result.code === "EMAIL_MOVED") return result;
  if (result.code === "MISSING_EMAIL") throw new ApiError("INVALID_REQUEST", { message: "The checkout session has no customer email." });
  if (result.code === "PURCHASE_NOT_FOUND") throw new ApiError("UNAVAILABLE", { message: "The purchase is not known yet; retry later." });
  throw new Error(`stripe event refused by account ${accountId}: ${result.code}`);
}

async function sendLicenseEmail(
  rc: RequestContext,
  accountId: string,
  mail: { purchaseId: string; to: string; licenseId: string; productId: string; keyCiphertext: string; seats: number; quantity: number },
): Promise<void> {
  const { env, requestId } = rc;
  try {
    const licenseKey = await decryptLicenseKey(env.LICENSE_KEY_ENCRYPTION_KEY, mail.licenseId, mail.keyCiphertext);
    await mailerFor(env).send(
      licenseEmail({
        to: mail.to,
        licenseKey,
        seats: mail.seats,
        quantity: mail.quantity,
        portalUrl: env.PORTAL_ORIGIN,
        downloadUrl: `${env.SITE_ORIGIN}/downloads/`,
        docsUrl: `${env.DOCS_ORIGIN}/getting-started/`,
        staleSeatDays: seatPolicyOf(mail.productId).staleSeatDays,
      }),
    );
  } catch (err) {
    log.error("license_email_failed", { request_id: requestId, purchase_id: mail.purchaseId, error: err });
    throw new ApiError("UNAVAILABLE", { message: "The license email could not be sent; retry later.", cause: err });
  }
  await accountObject(rc, accountId, "retry").markMailSent({ purchaseId: mail.purchaseId });
}
