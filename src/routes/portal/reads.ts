import { defineRoute } from "../../http/route";
import { PortalMachines, PortalPurchases } from "../../schemas/responses";
import { portalView } from "./shared";

// Two plain reads of the signed-in account's view (the account object checks the
// session in the same call that answers).

export const machines = defineRoute({
  method: "GET",
  path: "/v1/portal/machines",
  tag: "Portal",
  summary: "Active machines",
  auth: "session",
  responses: { 200: { schema: PortalMachines, description: "Active activations." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => ({ status: 200, body: { machines: (await portalView(request, rc)).machines } }));

export const purchases = defineRoute({
  method: "GET",
  path: "/v1/portal/purchases",
  tag: "Portal",
  summary: "Purchases",
  auth: "session",
  responses: { 200: { schema: PortalPurchases, description: "Purchases, newest first." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => ({ status: 200, body: { purchases: (await portalView(request, rc)).purchases } }));
