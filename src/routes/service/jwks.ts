import { defineRoute } from "../../http/route";
import { Jwks } from "../../schemas/responses";
import { keyring } from "../../tokens/keyring";

export const jwks = defineRoute({
  method: "GET",
  path: "/.well-known/jwks.json",
  tag: "Desktop",
  summary: "Public keys of license tokens",
  description:
    "Ed25519 public keys (JWK) of license tokens: the signing key first, then the next one (published before it signs, for apps to pin ahead of a rotation), then retired ones. Cacheable.",
  auth: "none",
  responses: { 200: { schema: Jwks, description: "JWK set." } },
  errors: [],
}).handle(async ({ rc }) => {
  const ring = await keyring(rc.env);
  return { status: 200, body: { keys: ring.publicKeys }, headers: { "cache-control": "public, max-age=300" } };
});
