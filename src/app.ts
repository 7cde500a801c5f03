/**
 * The API Worker's request pipeline: request id → route → handler, with one catch that
 * turns every failure into the contract's error envelope, and X-Request-Id on every
 * response.
 */
import { IttyRouter, type IRequest } from "itty-router";
import { isDevelopment, type Env } from "./core/env";
import { newId } from "./core/ids";
import { ApiError } from "./errors/api-error";
import { toErrorResponse } from "./errors/handler";
import type { RequestContext } from "./http/context";
import { preflight, withCors } from "./http/cors";
import { runRoute, type Route } from "./http/route";
import { DEV_ROUTES, ROUTES } from "./routes";

const METHODS = { GET: "get", POST: "post", PUT: "put", DELETE: "delete" } as const;

function buildRouter(routes: readonly Route[]) {
  const router = IttyRouter<IRequest, [RequestContext]>();
  for (const route of routes) router[METHODS[route.method]](route.path, (request, rc) => runRoute(route, request, rc));
  router.all("*", (request) => {
    const path = new URL(request.url).pathname;
    const allowed = router.routes.filter(([m, pattern]) => m !== "ALL" && pattern.test(path)).map(([m]) => m);
    if (allowed.length > 0) throw new ApiError("METHOD_NOT_ALLOWED", { headers: { allow: [...new Set(allowed)].join(", ") } });
    throw new ApiError("NOT_FOUND");
  });
  return router;
}

const router = buildRouter(ROUTES);
const devRouter = buildRouter(DEV_ROUTES);

export async function handleRequest(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const requestId = newId("req");
  let response: Response;
  try {
    const rc: RequestContext = {
      env,
      ctx,
      requestId,
      url: new URL(request.url),
      dispatch: (inner) => handleRequest(inner, env, ctx),
    };
    const routes = rc.url.pathname.startsWith("/dev/") && isDevelopment(env) ? devRouter : router;
    response = preflight(request, env) ?? (await routes.fetch(request, rc));
  } catch (err) {
    response = toErrorResponse(err, requestId);
  }
  const final = withRequestId(response, requestId);
  if (final.status !== 101) withCors(request, env, final);
  return final;
}

function withRequestId(response: Response, requestId: string): Response {
  try {
    response.headers.set("x-request-id", requestId);
    return response;
  } catch {
    // Immutable headers (a response passed through from elsewhere): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("x-request-id", requestId);
    return copy;
  }
}
