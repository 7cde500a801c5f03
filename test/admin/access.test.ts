import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, importJWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { request } from "../helpers/api";
import { asCustomer, signedIn } from "../helpers/portal";
import { ISSUER, staffToken } from "../helpers/staff";

const b64url = (value: string | Uint8Array) => {
  const bytes = typeof value === "string" ? new TextEncoder().encode(value) : value;
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
};

async function withToken(token: string | null) {
  return request("/v1/admin/events?limit=1", token === null ? {} : { headers: { "cf-access-jwt-assertion": token } });
}

const claims = () => ({
  email: "mallory@example.com",
  iss: ISSUER,
  aud: env.ACCESS_AUD,
  sub: "x",
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 3600,
});

describe("admin API authentication (Cloudflare Access JWT)", () => {
  it("a valid token from the issuer opens it", async () => {
    const res = await withToken(await staffToken());
    expect(res.status).toBe(200);
  });

  const attacks: [string, () => Promise<string | null>][] = [
    ["no token", async () => null],
    ["garbage", async () => "not.a.jwt"],
    ["an expired token", () => staffToken(undefined, { expiresIn: Math.floor(Date.now() / 1000) - 600 })],
    ["the wrong audience", () => staffToken(undefined, { audience: "another-app" })],
    ["the wrong issuer", () => staffToken(undefined, { issuer: "https://evil.cloudflareaccess.com" })],
    ["no email claim", () => staffToken("", {})],
    [
      "alg: none",
      async () =>
        `${b64url(JSON.stringify({ alg: "none", typ: "JWT", kid: JSON.parse(env.ACCESS_DEV_PRIVATE_JWK).kid }))}.${b64url(JSON.stringify(claims()))}.`,
    ],
    [
      "HS256 signed with the issuer's public key",
      async () => {
        const publicJwk = JSON.parse(env.ACCESS_DEV_JWKS!).keys[0];
        const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
        return new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: publicJwk.kid }).sign(secret);
      },
    ],
    [
      "an unknown kid",
      async () => {
        const { privateKey } = await generateKeyPair("RS256");
        return new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: "someone-elses-key" }).sign(privateKey);
      },
    ],
    [
      "another key claiming the issuer's kid",
      async () => {
        const { privateKey } = await generateKeyPair("RS256", { extractable: true });
        const forged = await importJWK({ ...(await exportJWK(privateKey)), alg: "RS256" }, "RS256");
        return new SignJWT(claims()).setProtectedHeader({ alg: "RS256", kid: JSON.parse(env.ACCESS_DEV_PRIVATE_JWK).kid }).sign(forged);
      },
    ],
  ];

  let firstBody = "";
  for (const [name, make] of attacks) {
    it(`refuses ${name} with 401 and says nothing about why`, async () => {
      const res = await withToken(await make());
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
      const body = JSON.stringify({ ...res.body.error, request_id: "" });
      if (!firstBody) firstBody = body;
      expect(body).toBe(firstBody);
    });
  }

  it("a portal session never opens it", async () => {
    const c = await signedIn(1);
    const res = await request("/v1/admin/events?limit=1", { headers: asCustomer(c.cookie) });
    expect(res.status).toBe(401);
    const detail = await request(`/v1/admin/accounts/${c.account_id}`, { headers: asCustomer(c.cookie) });
    expect(detail.status).toBe(401);
  });

  it("serves the dev issuer's public keys in development only", async () => {
    const certs = await request("/dev/access/certs");
    expect(certs.status).toBe(200);
    expect(certs.body.keys[0]).not.toHaveProperty("d");
    expect(certs.body.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
  });
});
