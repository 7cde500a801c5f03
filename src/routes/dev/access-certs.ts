import { isDevelopment } from "../../core/env";
import { ApiError } from "../../errors/api-error";
import { defineRoute } from "../../http/route";

/** The dev Access issuer's public keys: what production gets from the team domain. */
export const devAccessCerts = defineRoute({
  method: "GET",
  path: "/dev/access/certs",
  tag: "Development",
  summary: "Dev Access issuer keys (development only)",
  auth: "none",
  responses: { 200: { description: "JWK set." } },
  errors: ["NOT_FOUND"],
}).handle(({ rc }) => {
  if (!isDevelopment(rc.env) || !rc.env.ACCESS_DEV_JWKS) throw new ApiError("NOT_FOUND");
  return { raw: Response.json(JSON.parse(rc.env.ACCESS_DEV_JWKS)) };
});
