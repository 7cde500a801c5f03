import type { RequestContext } from "../http/context";
import { json } from "../http/respond";
import { keyring } from "../tokens/keyring";

/** GET /.well-known/jwks.json: current and previous public keys of license tokens. */
export async function jwks(_request: Request, rc: RequestContext): Promise<Response> {
  const ring = await keyring(rc.env);
  return json({ keys: ring.publicKeys }, 200, { "cache-control": "public, max-age=300" });
}
