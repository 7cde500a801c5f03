import { defineRoute } from "../../http/route";
import { Health } from "../../schemas/responses";
import { VERSION } from "../../version";

/** The Worker answers. Touches no binding, so it is also the benchmark floor. */
export const health = defineRoute({
  method: "GET",
  path: "/v1/health",
  tag: "Service",
  summary: "Health check",
  auth: "none",
  responses: { 200: { schema: Health, description: "The Worker answers." } },
  errors: [],
}).handle(() => ({ status: 200, body: { ok: true, version: VERSION } }));
