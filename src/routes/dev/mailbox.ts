import { isDevelopment } from "../../core/env";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";
import { DevMailbox } from "../../mail/dev-mailbox";
import { Mailbox } from "../../schemas/responses";

/** ?to=&limit= (development only): every email "sent", newest first. */
export const devMailbox = defineRoute({
  method: "GET",
  path: "/dev/mailbox",
  tag: "Development",
  summary: "Every email sent (development only)",
  auth: "none",
  responses: { 200: { schema: Mailbox, description: "Newest first." } },
  errors: ["NOT_FOUND"],
}).handle(async ({ request, rc }) => {
  if (!isDevelopment(rc.env)) throw new ApiError("NOT_FOUND");
  const params = new URL(request.url).searchParams;
  const limit = Number(params.get("limit") ?? 50);
  const messages = await new DevMailbox(rc.env.KV).list({
    ...(params.get("to") ? { to: params.get("to")! } : {}),
    limit: Number.isInteger(limit) && limit > 0 ? limit : 50,
  });
  return { status: 200, body: { messages } };
});
