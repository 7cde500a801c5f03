/**
 * Support / admin API (API.md): separate from the portal, opened only by a Cloudflare
 * Access JWT. Reads come from D1 across accounts; every action goes through the account
 * object (the single writer) with actor { type: "support", id: <staff email> } and the
 * staff member's reason, so it is audited and pushed to an open portal like any change.
 */
import type { Actor } from "../core/views";
import { normalizeEmail } from "../accounts/account-id";
import { accountObject } from "../accounts/objects";
import { verifyStaff, type Staff } from "../admin/access";
import { accountDetail, accountsByEmailPrefix, accountsByKeyHash, licenseById } from "../admin/queries";
import { queryAuditEvents } from "../audit/query";
import { hashSecret, newSignInToken } from "../auth/secrets";
import { sha256Hex } from "../core/crypto/digest";
import { ApiError } from "../errors/api-error";
import { isDevelopment } from "../core/env";
import type { RequestContext } from "../http/context";
import { readJsonBody } from "../http/json-body";
import { assertSupportOrigin } from "../http/origin-check";
import { parseQuery } from "../http/query";
import { json } from "../http/respond";
import { decryptLicenseKey } from "../license/key-vault";
import { accountPartOf, parseLicenseKey } from "../license/license-key";
import { mailerFor } from "../mail/mailer";
import { licenseEmail, signInEmail } from "../mail/templates";
import { AccountSearchQuery, AdminEventsQuery, ReasonBody, SeatsBody } from "../schemas/admin";

type AdminHandler = (request: Request, rc: RequestContext, staff: Staff) => Promise<Response>;

/**
 * Every admin route passes Access first; a portal session cookie opens nothing here.
 * Calls that change something also pass the origin check: Access's cookie rides along on
 * a form another site submits, so without it any page could make staff act.
 */
export const admin =
  (handler: AdminHandler) =>
  async (request: Request, rc: RequestContext): Promise<Response> => {
    if (request.method !== "GET" && request.method !== "HEAD") assertSupportOrigin(request, rc.env);
    return handler(request, rc, await verifyStaff(request, rc.env));
  };

const param = (request: Request, name: string) => (request as Request & { params: Record<string, string> }).params[name] ?? "";

/** An account id from the path, refused before it can name (and create) a stray object. */
function accountParam(request: Request): string {
  const id = param(request, "account_id");
  if (!accountPartOf(id) || id !== id.toLowerCase()) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  return id;
}
const supportActor = (staff: Staff): Actor => ({ type: "support", id: staff.email });
const call = { idempotent: false as const };

/** Who the console is signed in as. */
export const me = admin(async (_request, _rc, staff) => json({ email: staff.email }));

export const searchAccounts = admin(async (request, rc) => {
  const query = parseQuery(request, AccountSearchQuery);
  if (query.email !== undefined) return json({ accounts: await accountsByEmailPrefix(rc.env.DB, normalizeEmail(query.email)) });
  const parsed = await parseLicenseKey(rc.env.ROUTING_SECRET, query.license_key!);
  return json({ accounts: parsed ? await accountsByKeyHash(rc.env.DB, await sha256Hex(parsed.canonical)) : [] });
});

/** Parked outbox rows shown per account; more than this means a systemic problem, not a row. */
const PARKED_SHOWN = 100;

export const getAccount = admin(async (request, rc) => {
  const detail = await accountDetail(rc.env.DB, param(request, "account_id"));
  if (!detail) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  // D1 is the mirror; rows it refused for good are known only to the account object.
  const parked = await accountObject(rc, accountParam(request), "retry").parkedOutbox({ limit: PARKED_SHOWN });
  return json({ ...detail, parked_outbox: parked });
});

export const listEvents = admin(async (request, rc) => {
  const q = parseQuery(request, AdminEventsQuery);
  const [actorType, ...actorId] = q.actor?.split(":") ?? [];
  return json(
    await queryAuditEvents(rc.env.DB, {
      accountId: q.account_id,
      action: q.action,
      actorType,
      actorId: actorId.length ? actorId.join(":") : undefined,
      since: q.since,
      until: q.until,
      cursor: q.cursor,
      limit: q.limit,
    }),
  );
});

export const deactivateMachine = admin(async (request, rc, staff) => {
  const { reason } = await readJsonBody(request, ReasonBody);
  const result = await accountObject(rc, accountParam(request), "once").deactivateActivation({ activationId: param(request, "activation_id"), reason, actor: supportActor(staff), requestId: rc.requestId });
  if (!result.ok) throw new ApiError("NOT_FOUND", { message: "No active machine with this id on this account." });
  return json({ license: result.license, activation: result.activation });
});

/** License routes name a license; D1 says which account object owns it. */
async function accountOfLicense(rc: RequestContext, licenseId: string): Promise<string> {
  const license = await licenseById(rc.env.DB, licenseId);
  if (!license) throw new ApiError("LICENSE_NOT_FOUND");
  return license.account_id;
}

export const setSeats = admin(async (request, rc, staff) => {
  const body = await readJsonBody(request, SeatsBody);
  const licenseId = param(request, "license_id");
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").setSeats({ licenseId, seats: body.seats, reason: body.reason, actor: supportActor(staff), requestId: rc.requestId });
  if (!result.ok) throw new ApiError(result.code === "LICENSE_NOT_FOUND" ? "LICENSE_NOT_FOUND" : "INVALID_REQUEST");
  return json({ license: result.license, deactivated: result.deactivated, changed: result.changed });
});

const statusChange = (method: "revoke" | "restore") =>
  admin(async (request, rc, staff) => {
    const { reason } = await readJsonBody(request, ReasonBody);
    const licenseId = param(request, "license_id");
    const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once")[method]({ licenseId, reason, actor: supportActor(staff), requestId: rc.requestId });
    if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
    return json({ license: result.license, changed: result.changed });
  });
export const revokeLicense = statusChange("revoke");
export const restoreLicense = statusChange("restore");

export const resendLicenseEmail = admin(async (request, rc, staff) => {
  const { reason } = await readJsonBody(request, ReasonBody);
  const licenseId = param(request, "license_id");
  const result = await accountObject(rc, await accountOfLicense(rc, licenseId), "once").licenseKeyForResend({ licenseId, reason, actor: supportActor(staff), requestId: rc.requestId });
  if (!result.ok) throw new ApiError("LICENSE_NOT_FOUND");
  const key = await decryptLicenseKey(rc.env.LICENSE_KEY_ENCRYPTION_KEY, result.licenseId, result.keyCiphertext);
  await send(rc, () =>
    mailerFor(rc.env).send(
      licenseEmail({ to: result.to, licenseKey: key, seats: result.seats, quantity: 0, portalUrl: rc.env.PORTAL_ORIGIN, downloadUrl: `${rc.env.SITE_ORIGIN}/downloads/`, docsUrl: `${rc.env.DOCS_ORIGIN}/getting-started/` }),
    ),
  );
  return json({ sent: true, to: result.to });
});

export const sendSignInLink = admin(async (request, rc, staff) => {
  const { reason } = await readJsonBody(request, ReasonBody);
  const accountId = accountParam(request);
  const token = await newSignInToken(rc.env.ROUTING_SECRET, accountId);
  const issued = await accountObject(rc, accountId, "once").issueSignInToken({ tokenHash: await hashSecret(token), requestId: rc.requestId, actor: supportActor(staff), reason });
  if (!issued.ok) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  await send(rc, () => mailerFor(rc.env).send(signInEmail({ to: issued.email, link: `${rc.env.PORTAL_ORIGIN}/sign-in/confirm/#token=${token}`, expiresAt: issued.expiresAt })));
  return json({ sent: true, to: issued.email });
});

async function send(rc: RequestContext, deliver: () => Promise<void>): Promise<void> {
  try {
    await deliver();
  } catch (err) {
    console.error(JSON.stringify({ level: "error", event: "support_email_failed", request_id: rc.requestId, message: err instanceof Error ? err.message : String(err) }));
    throw new ApiError("UNAVAILABLE", { message: "The email could not be sent; nothing else changed. Try again." });
  }
}

/** Development only: the dev Access issuer's public keys (what production gets from the team domain). */
export async function devAccessCerts(_request: Request, rc: RequestContext): Promise<Response> {
  if (!isDevelopment(rc.env) || !rc.env.ACCESS_DEV_JWKS) throw new ApiError("NOT_FOUND");
  return json(JSON.parse(rc.env.ACCESS_DEV_JWKS));
}
