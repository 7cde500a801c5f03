// Prints a Cloudflare Access-style JWT from the local dev issuer, for the admin API and
// the support console in development:
//
//   npm run admin:token -- --email you@example.com [--hours 8]
//
// The token is the last line of the output. Production tokens come from Cloudflare
// Access itself; this issuer's key exists only in your .dev.vars.
import { readFileSync } from "node:fs";
import { importJWK, SignJWT } from "jose";
import { ensureDevVars } from "./lib/ensure-dev-vars.mjs";
import { parseDevVars } from "./lib/dev-secrets.mjs";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const email = flag("email");
if (!email?.includes("@")) {
  console.error("usage: npm run admin:token -- --email you@example.com [--hours 8]");
  process.exit(2);
}
ensureDevVars(root);
const vars = parseDevVars(readFileSync(`${root}.dev.vars`, "utf8"));
const jwk = JSON.parse(vars.ACCESS_DEV_PRIVATE_JWK);
const token = await new SignJWT({ email, type: "app", identity_nonce: crypto.randomUUID() })
  .setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" })
  .setIssuer(`https://${vars.ACCESS_TEAM_DOMAIN}`)
  .setAudience(vars.ACCESS_AUD)
  .setSubject(crypto.randomUUID())
  .setIssuedAt()
  .setExpirationTime(`${Number(flag("hours", 8))}h`)
  .sign(await importJWK(jwk, "RS256"));
console.error(`Dev Access token for ${email} (send it as Cf-Access-Jwt-Assertion):`);
console.log(token);
