/**
 * CSRF defence for every state-changing call of the portal and auth APIs (API.md):
 * `Sec-Fetch-Site: cross-site` is refused, and an `Origin` must be the portal's or the
 * API's own. A request with neither header is not from a browser, so carries no CSRF
 * risk, and passes.
 */
import type { Env } from "../env";
import { ApiError } from "../errors/api-error";

export function assertSameOrigin(request: Request, env: Pick<Env, "PORTAL_ORIGIN" | "PUBLIC_API_ORIGIN">): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") throw forbidden();
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== env.PORTAL_ORIGIN && origin !== env.PUBLIC_API_ORIGIN) throw forbidden();
}

function forbidden(): ApiError {
  return new ApiError("FORBIDDEN", { message: "This request did not come from the portal." });
}
