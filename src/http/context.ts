import type { Env } from "../core/env";

/** Everything a route handler needs besides the request itself. */
export interface RequestContext {
  env: Env;
  ctx: ExecutionContext;
  requestId: string;
  url: URL;
  /** Runs a request through this Worker's own pipeline (the dev checkout's webhook delivery). */
  dispatch(request: Request): Promise<Response>;
}
