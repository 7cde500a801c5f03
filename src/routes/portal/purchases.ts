import { defineRoute } from "../../http/route";
import { PortalPurchases } from "../../schemas/responses";
import { portalView } from "./shared";

export const purchases = defineRoute({
  method: "GET",
  path: "/v1/portal/purchases",
  tag: "Portal",
  summary: "Purchases",
  auth: "session",
  responses: { 200: { schema: PortalPurchases, description: "Purchases, newest first." } },
  errors: ["UNAUTHORIZED", "UNAVAILABLE"],
}).handle(async ({ request, rc }) => ({ status: 200, body: { purchases: (await portalView(request, rc)).purchases } }));
