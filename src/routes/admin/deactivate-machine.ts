import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { ReasonBody } from "../../schemas/admin";
import { AdminMachineDeactivated } from "../../schemas/responses";
import { accountParam, staffOf, supportActor } from "./shared";

export const deactivateMachine = defineRoute({
  method: "POST",
  path: "/v1/admin/accounts/:account_id/machines/:activation_id/deactivate",
  tag: "Support",
  summary: "Deactivate a machine",
  auth: "access",
  body: ReasonBody,
  responses: { 200: { schema: AdminMachineDeactivated, description: "Deactivated." } },
  errors: ["INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "UNAVAILABLE"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  const { rc, params } = call;
  const { reason } = await call.body();
  const result = await accountObject(rc, accountParam(params), "once").deactivateMachine({
    activationId: params.activation_id ?? "",
    reason,
    actor: supportActor(staff),
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError("NOT_FOUND", { message: "No active machine with this id on this account." });
  return { status: 200, body: { license: result.license, activation: result.activation } };
});
