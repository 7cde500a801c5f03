import { defineRoute } from "../../http/route";
import { DeviceRequestView } from "../../core/views";
import { enterCode } from "./device-shared";

/** What the customer is asked to confirm: which machine asked, when and from where. */
export const device = defineRoute({
  method: "GET",
  path: "/v1/portal/devices/:user_code",
  tag: "Portal",
  summary: "A desktop sign-in waiting for you",
  description:
    "The code is read in any case, with or without its dash. A code that is unknown, expired a while ago, or decided by another account is 404, and counts as a wrong code (10 per 15 minutes per address and per session, then 429).",
  auth: "session",
  responses: { 200: { schema: DeviceRequestView, description: "The machine that asked, and the request's status." } },
  errors: ["UNAUTHORIZED", "NOT_FOUND", "RATE_LIMITED", "UNAVAILABLE"],
}).handle(async ({ request, rc, params }) => {
  const entry = await enterCode(request, rc, params.user_code);
  const view = await entry.device("retry").describe({ accountId: entry.session.accountId });
  if (!view) return entry.wrong();
  return { status: 200, body: view };
});
