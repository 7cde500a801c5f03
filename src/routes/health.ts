import { json } from "../http/respond";
import { VERSION } from "../version";

/** GET /v1/health: the Worker answers. Touches no binding, so it is also the benchmark floor. */
export function health(): Response {
  return json({ ok: true, version: VERSION });
}
