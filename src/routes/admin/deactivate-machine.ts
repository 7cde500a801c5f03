import { accountObject } from "../../accounts/objects";
import { ApiError } from "../../errors/api-error";
import { ReasonBody } from "../../schemas/admin";
import { AdminMachineDeactivated } from "../../schemas/responses";
import { accountParam } from "./shared";
import { staffAction } from "./staff-action";

export const deactivateMachine = staffAction({
  path: "/v1/admin/accounts/:account_id/machines/:activation_id/deactivate",
  summary: "Deactivate a machine",
  body: ReasonBody,
  responses: { 200: { schema: AdminMachineDeactivated, description: "Deactivated." } },
  errors: ["NOT_FOUND"],
}).handle(async ({ rc, params, actor, input }) => {
  const result = await accountObject(rc, accountParam(params), "once").deactivateMachine({
    activationId: params.activation_id ?? "",
    reason: input.reason,
    actor,
    requestId: rc.requestId,
  });
  if (!result.ok) throw new ApiError("NOT_FOUND", { message: "No active machine with this id on this account." });
  return { status: 200, body: { license: result.license, activation: result.activation } };
});
