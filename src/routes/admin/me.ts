import { defineRoute } from "../../http/route";
import { AdminMe } from "../../schemas/responses";
import { staffOf } from "./shared";

/** Who the console is signed in as. */
export const me = defineRoute({
  method: "GET",
  path: "/v1/admin/me",
  tag: "Support",
  summary: "The signed-in staff member",
  auth: "access",
  responses: { 200: { schema: AdminMe, description: "Staff identity." } },
  errors: ["UNAUTHORIZED"],
}).handle(async (call) => {
  const staff = await staffOf(call);
  return { status: 200, body: { email: staff.email } };
});
