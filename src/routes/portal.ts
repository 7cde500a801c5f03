/**
 * Portal API (session cookie): the account's license keys, machines, purchases and
 * activity. Each call names the session to the account object, which checks it in the
 * same step as it answers.
 */
import { accountObject } from "../accounts/objects";
import { customerView } from "../audit/customer-view";
import { queryAuditEvents } from "../audit/query";
import { requireSession, sessionAccount } from "../auth/sessions";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { assertPortalOrigin } from "../http/origin-check";
import { json } from "../http/respond";
import { decryptLicenseKey } from "../license/key-vault";
import { EventsQuery } from "../schemas/portal";
import { parseQuery } from "../http/query";

async function view(request: Request, rc: RequestContext) {
  const session = await sessionAccount(request, rc);
  const result = await accountObject(rc, session.accountId, "retry").portalView({ sessionHash: session.sessionHash });
  if (!result.ok) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return result;
}

/** GET /v1/portal/account: the owner sees the full key. */
export async function portalAccount(request: Request, rc: RequestContext): Promise<Response> {
  const v = await view(request, rc);
  const licenses = await Promise.all(
    v.licenses.map(async (l) => ({
      id: l.id,
      key: await decryptLicenseKey(rc.env.LICENSE_KEY_ENCRYPTION_KEY, l.id, l.keyCiphertext),
      status: l.status,
      seats: l.seats,
      seats_used: l.seats_used,
      product: l.product,
      entitlements: l.entitlements,
    })),
  );
  return json({ email: v.account.email, account_id: v.account.id, licenses });
}

export async function portalMachines(request: Request, rc: RequestContext): Promise<Response> {
  const v = await view(request, rc);
  return json({ machines: v.machines });
}

export async function portalPurchases(request: Request, rc: RequestContext): Promise<Response> {
  const v = await view(request, rc);
  return json({ purchases: v.purchases });
}

/** POST /v1/portal/machines/{activation_id}/deactivate; another account's id is a 404. */
export async function portalDeactivateMachine(request: Request, rc: RequestContext): Promise<Response> {
  assertPortalOrigin(request, rc.env);
  const session = await sessionAccount(request, rc);
  const activationId = (request as Request & { params: Record<string, string> }).params.activation_id ?? "";
  const result = await accountObject(rc, session.accountId, "once").portalDeactivate({ sessionHash: session.sessionHash, activationId, requestId: rc.requestId });
  if (result.ok) return json({ license: result.license });
  if (result.code === "UNAUTHORIZED") throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  throw new ApiError("NOT_FOUND", { message: "No active machine with this id on your account." });
}

/**
 * GET /v1/portal/events?cursor=&limit=: the account's own audit events, newest first,
 * as a customer may see them (no staff identity or internal reasons).
 */
export async function portalEvents(request: Request, rc: RequestContext): Promise<Response> {
  const session = await requireSession(request, rc);
  const query = parseQuery(request, EventsQuery);
  const page = await queryAuditEvents(rc.env.DB, { accountId: session.accountId, cursor: query.cursor, limit: query.limit });
  return json({ events: page.events.map(customerView), next_cursor: page.next_cursor });
}

/** GET /v1/portal/live: a WebSocket the account object accepts and keeps up to date. */
export async function portalLive(request: Request, rc: RequestContext): Promise<Response> {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    throw new ApiError("INVALID_REQUEST", { message: "This endpoint expects a WebSocket upgrade." });
  }
  assertPortalOrigin(request, rc.env);
  const session = await sessionAccount(request, rc);
  const headers = new Headers(request.headers);
  headers.set("x-session-hash", session.sessionHash);
  const response = await rc.env.ACCOUNT.getByName(session.accountId).fetch(new Request(request.url, { headers }));
  if (response.status === 401) throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  return response;
}
