/** Signing keys and license tokens for tests, shaped like the engine's (src/tokens/). */
import { createHash, generateKeyPairSync } from "node:crypto";
import { SignJWT, importJWK, type JWK } from "jose";
import type { PinnedKey } from "../../src/index.js";

export interface TestKey {
  kid: string;
  privateJwk: JWK;
  publicKey: PinnedKey;
}

export function makeKey(kid: string): TestKey {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" }) as JWK;
  return { kid, privateJwk: { ...jwk, kid }, publicKey: { kid, kty: "OKP", crv: "Ed25519", x: jwk.x! } };
}

export const sha256Hex = (s: string) => createHash("sha256").update(s).digest("hex");

export interface TokenOptions {
  key: TestKey;
  issuer: string;
  fingerprint: string;
  iat?: number;
  exp?: number;
  aud?: string;
  kid?: string;
  typ?: string;
}

export async function signToken(o: TokenOptions): Promise<string> {
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: o.issuer,
    aud: o.aud ?? "desktop",
    sub: "lic_1",
    act: "act_1",
    fp: sha256Hex(o.fingerprint),
    seats: 2,
    ent: ["chartgpt"],
    iat,
    exp: o.exp ?? iat + 14 * 24 * 3600,
  })
    .setProtectedHeader({ alg: "EdDSA", kid: o.kid ?? o.key.kid, typ: o.typ ?? "license+jwt" })
    .sign(await importJWK(o.key.privateJwk, "EdDSA"));
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A token with any header and claims and a made-up signature (alg none, HS256 …). */
export function unsignedToken(header: Record<string, unknown>, claims: Record<string, unknown>, signature = ""): string {
  return `${b64(header)}.${b64(claims)}.${signature}`;
}
