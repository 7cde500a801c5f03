/**
 * What the support routes share. Every one passes Cloudflare Access first (a portal
 * session opens nothing here); those that change something also pass the origin check,
 * because Access's cookie rides along on a form another site submits. Actions go through
 * the account object (the single writer) as actor { type: "support", id: <staff email> }
 * with the staff member's reason, so they are audited and pushed to an open portal.
 */
import { verifyStaff, type Staff } from "../../admin/access";
import { licenseById } from "../../admin/queries";
import type { Actor } from "../../core/views";
import { log } from "../../core/log";
import { ApiError } from "../../errors/api-error";
import type { RequestContext } from "../../http/context";
import { assertSupportOrigin } from "../../http/origin-check";
import { accountPartOf } from "../../license/license-key";

export async function staffOf(call: { request: Request; rc: RequestContext }): Promise<Staff> {
  const { request, rc } = call;
  if (request.method !== "GET" && request.method !== "HEAD") assertSupportOrigin(request, rc.env);
  return verifyStaff(request, rc.env);
}

export const supportActor = (staff: Staff): Actor => ({ type: "support", id: staff.email });

/** An account id from the path, refused before it can name (and so address) a stray object. */
export function accountParam(params: Record<string, string>): string {
  const id = params.account_id ?? "";
  if (!accountPartOf(id) || id !== id.toLowerCase()) throw new ApiError("NOT_FOUND", { message: "No account with this id." });
  return id;
}

/** License routes name a license; D1 says which account object owns it. */
export async function accountOfLicense(rc: RequestContext, licenseId: string): Promise<string> {
  const license = await licenseById(rc.env.DB, licenseId);
  if (!license) throw new ApiError("LICENSE_NOT_FOUND");
  return license.account_id;
}

/** Sends an email on staff's behalf; a failed send is a 503 with nothing else changed. */
export async function sendOrUnavailable(rc: RequestContext, deliver: () => Promise<void>): Promise<void> {
  try {
    await deliver();
  } catch (err) {
    log.error("support_email_failed", { request_id: rc.requestId, error: err });
    throw new ApiError("UNAVAILABLE", { message: "The email could not be sent; nothing else changed. Try again.", cause: err });
  }
}
