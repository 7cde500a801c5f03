import { accountObject } from "../../accounts/objects";
import { sessionAccount } from "../../auth/sessions";
import { ApiError } from "../../errors/api-error";
import { swapLimitReached } from "../../errors/swap-limit";
import { assertPortalOrigin } from "../../http/origin-check";
import { defineRoute } from "../../http/route";
import { PortalDeactivated } from "../../schemas/responses";

/** Another account's activation id is simply not found (404). */
export const deactivateMachine = defineRoute({
  method: "POST",
  path: "/v1/portal/machines/:activation_id/deactivate",
  tag: "Portal",
  summary: "Deactivate one of your machines",
  description: "Counts against the license's swaps (`SWAPS_PER_30_DAYS` in any rolling 30 days), like a deactivation from the desktop app.",
  auth: "session",
  responses: { 200: { schema: PortalDeactivated, description: "Deactivated." } },
  errors: ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "DEACTIVATION_LIMIT_REACHED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params }) => {
  assertPortalOrigin(request, rc.env);
  const session = await sessionAccount(request, rc);
  const result = await accountObject(rc, session.accountId, "once").portalDeactivate({
    sessionHash: session.sessionHash,
    activationId: params.activation_id ?? "",
    requestId: rc.requestId,
  });
  if (result.ok) return { status: 200, body: { license: result.license } };
  if (result.code === "UNAUTHORIZED") throw new ApiError("UNAUTHORIZED", { message: "Sign in to continue." });
  if (result.code === "DEACTIVATION_LIMIT_REACHED") throw swapLimitReached(result);
  throw new ApiError("NOT_FOUND", { message: "No active machine with this id on your account." });
});
