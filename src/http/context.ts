import type { Env } from "../env";

/** Everything a route handler needs besides the request itself. */
export interface RequestContext {
  env: Env;
  ctx: ExecutionContext;
  requestId: string;
  url: URL;
}

export type RouteHandler = (request: Request, rc: RequestContext) => Promise<Response> | Response;
