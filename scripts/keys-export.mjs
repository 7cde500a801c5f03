// `npm run keys:export -- FILE [--api URL]`: writes the PUBLIC license-token keys of the
// local stack as a JWKS file, for the client programs' `--keys FILE` (which pins them
// for a run, as a release pins its production keys in code).
//
// By default the keys come from .dev.vars: TOKEN_SIGNING_JWK (a private JWK: only
// kty/crv/x/kid are written), TOKEN_NEXT_JWK when set, and TOKEN_PREVIOUS_JWKS. With
// --api URL they are read from a running stack's /.well-known/jwks.json instead: a
// developer choosing what to pin. The client libraries themselves never download keys.
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDevVars } from "./lib/dev-secrets.mjs";

const root = new URL("..", import.meta.url).pathname;
const usage = "usage: npm run keys:export -- FILE [--api URL]";

const args = process.argv.slice(2);
const apiAt = args.indexOf("--api");
const api = apiAt === -1 ? undefined : args[apiAt + 1];
const rest = apiAt === -1 ? args : args.filter((_, i) => i !== apiAt && i !== apiAt + 1);
if (rest.length !== 1 || (apiAt !== -1 && !api)) {
  console.error(usage);
  process.exit(2);
}
const file = rest[0];

/** The public members of an Ed25519 JWK, or null for anything else. */
function publicKey(jwk) {
  if (!jwk || typeof jwk !== "object" || jwk.kty !== "OKP" || jwk.crv !== "Ed25519" || typeof jwk.x !== "string" || !jwk.kid) return null;
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, kid: jwk.kid };
}

function parseJson(name, text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${name} in .dev.vars is not valid JSON`);
  }
}

function keysFromDevVars() {
  let text;
  try {
    text = readFileSync(join(root, ".dev.vars"), "utf8");
  } catch {
    throw new Error(".dev.vars not found: run npm start (or node scripts/stack-on.mjs) once to create it");
  }
  const vars = parseDevVars(text);
  if (!vars.TOKEN_SIGNING_JWK) throw new Error("TOKEN_SIGNING_JWK is not set in .dev.vars");
  const current = parseJson("TOKEN_SIGNING_JWK", vars.TOKEN_SIGNING_JWK);
  const next = vars.TOKEN_NEXT_JWK ? parseJson("TOKEN_NEXT_JWK", vars.TOKEN_NEXT_JWK) : null;
  const previous = vars.TOKEN_PREVIOUS_JWKS ? parseJson("TOKEN_PREVIOUS_JWKS", vars.TOKEN_PREVIOUS_JWKS) : [];
  return [current, next, ...(Array.isArray(previous) ? previous : [])];
}

async function keysFromApi(url) {
  const res = await fetch(new URL("/.well-known/jwks.json", url));
  if (!res.ok) throw new Error(`${url}/.well-known/jwks.json answered ${res.status}`);
  const body = await res.json();
  return Array.isArray(body?.keys) ? body.keys : [];
}

try {
  const candidates = api ? await keysFromApi(api) : keysFromDevVars();
  const keys = [];
  for (const jwk of candidates.map(publicKey)) if (jwk && !keys.some((k) => k.kid === jwk.kid)) keys.push(jwk);
  if (keys.length === 0) throw new Error("no Ed25519 public keys found");
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ keys }, null, 2) + "\n");
  renameSync(temp, file);
  console.log(`wrote ${keys.length} public key(s) to ${file}: ${keys.map((k) => k.kid).join(", ")}`);
} catch (err) {
  console.error(`keys:export: ${err.message}`);
  process.exit(1);
}
