import { isDevelopment } from "../core/env";
import { ApiError } from "../errors/api-error";
import type { RequestContext } from "../http/context";
import { json } from "../http/respond";
import { DevMailbox } from "../mail/dev-mailbox";

/** GET /dev/mailbox[?to=&limit=] (development only): every email "sent", newest first. */
export async function devMailbox(request: Request, rc: RequestContext): Promise<Response> {
  if (!isDevelopment(rc.env)) throw new ApiError("NOT_FOUND");
  const params = new URL(request.url).searchParams;
  const limit = Number(params.get("limit") ?? 50);
  const messages = await new DevMailbox(rc.env.KV).list({
    ...(params.get("to") ? { to: params.get("to")! } : {}),
    limit: Number.isInteger(limit) && limit > 0 ? limit : 50,
  });
  return json({ messages });
}
