import { defineRoute } from "../../http/route";
import { PortalMachines } from "../../schemas/responses";
import { portalView } from "./shared";

export const machines = defineRoute({
  method: "GET",
  path: "/v1/portal/machines",
  tag: "Portal",
  summary: "Active machines",
  auth: "session",
  responses: { 200: { schema: PortalMachines, description: "Active activations." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => ({ status: 200, body: { machines: (await portalView(request, rc)).machines } }));
