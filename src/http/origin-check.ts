/**
 * CSRF defence for every state-changing call a browser can reach (API.md): a request
 * with `Sec-Fetch-Site: cross-site` is refused, and an `Origin` must be one of the
 * surface's own. A request with neither header is not from a browser, so carries no
 * CSRF risk, and passes. One rule, configured per surface: the portal's calls accept the
 * portal and the API's own origin; staff calls the support console's and the API's.
 */
import { ApiError } from "../errors/api-error";

// Typed by the settings each check reads rather than by the API's Env: the support
// console Worker uses assertOrigin in its own program, without the API's bindings.
interface PortalOrigins {
  PORTAL_ORIGIN: string;
  PUBLIC_API_ORIGIN: string;
}

interface SupportOrigins {
  SUPPORT_ORIGIN: string;
  PUBLIC_API_ORIGIN: string;
}

export function assertOrigin(request: Request, allowed: readonly (string | undefined)[], refusal: string): void {
  if (request.headers.get("sec-fetch-site") === "cross-site") throw new ApiError("FORBIDDEN", { message: refusal });
  const origin = request.headers.get("origin");
  if (origin !== null && !allowed.includes(origin)) throw new ApiError("FORBIDDEN", { message: refusal });
}

export function assertPortalOrigin(request: Request, env: PortalOrigins): void {
  assertOrigin(request, [env.PORTAL_ORIGIN, env.PUBLIC_API_ORIGIN], "This request did not come from the portal.");
}

export function assertSupportOrigin(request: Request, env: SupportOrigins): void {
  assertOrigin(request, [env.SUPPORT_ORIGIN, env.PUBLIC_API_ORIGIN], "This request did not come from the support console.");
}
