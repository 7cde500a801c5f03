import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { activate, BASE, fingerprintFor, grantLicense, request, validate } from "../helpers/api";
import { accountStub } from "../helpers/account";

async function sha256Hex(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

async function jwks() {
  const res = await request<{ keys: JWK[] }>("/.well-known/jwks.json");
  expect(res.status).toBe(200);
  return createLocalJWKSet(res.body);
}

const verifyOptions = { issuer: "http://127.0.0.1:8787", audience: "desktop", algorithms: ["EdDSA"] };

describe("license tokens", () => {
  it("verify with jose against /.well-known/jwks.json, with claims that match the activation", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("token");
    const res = await activate(lic.license_key, fp);
    expect(res.status).toBe(201);

    const { payload, protectedHeader } = await jwtVerify(res.body.token, await jwks(), verifyOptions);
    expect(protectedHeader).toMatchObject({ alg: "EdDSA", typ: "license+jwt", kid: expect.any(String) });
    expect(payload).toMatchObject({
      sub: lic.license_id,
      act: res.body.activation.id,
      fp: await sha256Hex(fp),
      seats: 2,
      ent: ["chartgpt"],
    });
    expect(payload.exp! - payload.iat!).toBe(14 * 24 * 3600);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(60);
  });

  it("come with every valid validation, and never with an invalid one", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("v");
    await activate(lic.license_key, fp);
    const ok = await validate(lic.license_key, fp);
    const { payload } = await jwtVerify(ok.body.token, await jwks(), verifyOptions);
    expect(payload.act).toBe(ok.body.activation.id);

    const other = await validate(lic.license_key, fingerprintFor("never-activated"));
    expect(other.body).toMatchObject({ valid: false, code: "NOT_ACTIVATED" });
    expect(other.body.token).toBeUndefined();
  });

  it("fail verification when tampered with", async () => {
    const lic = await grantLicense(2);
    const res = await activate(lic.license_key, fingerprintFor("tamper"));
    const [header, payload, signature] = res.body.token.split(".");
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const forged = btoa(JSON.stringify({ ...claims, seats: 500 }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    const keys = await jwks();
    await expect(jwtVerify(`${header}.${forged}.${signature}`, keys, verifyOptions)).rejects.toThrow();

    // Change one character in the middle of the signature (never the padding bits at its end).
    const mid = Math.floor(signature.length / 2);
    const flipped = signature.slice(0, mid) + (signature[mid] === "A" ? "B" : "A") + signature.slice(mid + 1);
    await expect(jwtVerify(`${header}.${payload}.${flipped}`, keys, verifyOptions)).rejects.toThrow();
    await expect(jwtVerify(res.body.token, keys, { ...verifyOptions, audience: "portal" })).rejects.toThrow();
  });

  it("keep verifying after rotation: the previous key stays in the JWKS, a removed one does not", async () => {
    const { publicKey, privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const previous = { ...(await exportJWK(publicKey)), kid: "retired-1" };
    const oldToken = await new SignJWT({ act: "act_old" })
      .setProtectedHeader({ alg: "EdDSA", kid: "retired-1", typ: "license+jwt" })
      .setIssuer(verifyOptions.issuer)
      .setAudience("desktop")
      .setSubject("lic_old")
      .setIssuedAt()
      .setExpirationTime("1d")
      .sign(privateKey);

    const fetchJwks = async (previousJwks: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch(new Request(`${BASE}/.well-known/jwks.json`), { ...env, TOKEN_PREVIOUS_JWKS: previousJwks }, ctx);
      await waitOnExecutionContext(ctx);
      return (await res.json()) as { keys: JWK[] };
    };

    const rotated = await fetchJwks(JSON.stringify([previous]));
    expect(rotated.keys.map((k) => k.kid)).toEqual([JSON.parse(env.TOKEN_SIGNING_JWK).kid, JSON.parse(env.TOKEN_NEXT_JWK!).kid, "retired-1"]);
    for (const key of rotated.keys) expect(key).not.toHaveProperty("d");
    await expect(jwtVerify(oldToken, createLocalJWKSet(rotated), verifyOptions)).resolves.toBeTruthy();

    const dropped = await fetchJwks("[]");
    await expect(jwtVerify(oldToken, createLocalJWKSet(dropped), verifyOptions)).rejects.toThrow();
    expect(decodeProtectedHeader(oldToken).kid).toBe("retired-1");
  });

  it("publish the next key before it signs anything, so apps can pin it ahead of a rotation", async () => {
    const current = JSON.parse(env.TOKEN_SIGNING_JWK);
    const next = JSON.parse(env.TOKEN_NEXT_JWK!);
    const published = (await request<{ keys: JWK[] }>("/.well-known/jwks.json")).body.keys;
    expect(published.map((k) => k.kid)).toEqual([current.kid, next.kid]);
    expect(published[1]).toEqual({ kty: "OKP", crv: "Ed25519", x: next.x, kid: next.kid, alg: "EdDSA", use: "sig" });

    // Tokens are signed with the current key only.
    const lic = await grantLicense(2);
    const token = (await activate(lic.license_key, fingerprintFor("next-key"))).body.token;
    expect(decodeProtectedHeader(token).kid).toBe(current.kid);

    // The rotation: the next key becomes the signing key. An app released with both keys
    // pinned verifies tokens from before and after without an update.
    const pinned = createLocalJWKSet({ keys: published });
    const ctx = createExecutionContext();
    const rotatedEnv = { ...env, TOKEN_SIGNING_JWK: env.TOKEN_NEXT_JWK!, TOKEN_NEXT_JWK: "", TOKEN_PREVIOUS_JWKS: JSON.stringify([current]) };
    const res = await worker.fetch(
      new Request(`${BASE}/v1/licenses/activate`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ license_key: lic.license_key, fingerprint: fingerprintFor("after") }),
      }),
      rotatedEnv,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const after = ((await res.json()) as { token: string }).token;
    expect(decodeProtectedHeader(after).kid).toBe(next.kid);
    await expect(jwtVerify(token, pinned, verifyOptions)).resolves.toBeTruthy();
    await expect(jwtVerify(after, pinned, verifyOptions)).resolves.toBeTruthy();
  });

  it("publish only public members, even when a private key is listed by mistake", async () => {
    const ctx = createExecutionContext();
    const leaked = JSON.parse(env.TOKEN_SIGNING_JWK);
    const res = await worker.fetch(
      new Request(`${BASE}/.well-known/jwks.json`),
      { ...env, TOKEN_PREVIOUS_JWKS: JSON.stringify([{ ...leaked, kid: "oops" }]) },
      ctx,
    );
    const body = (await res.json()) as { keys: JWK[] };
    expect(body.keys).toHaveLength(3);
    for (const key of body.keys) expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
    expect(res.headers.get("cache-control")).toContain("max-age");
  });
});

describe("token reuse", () => {
  it("a machine validating again soon gets the same token; a seat change gets a new one", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("reuse");
    await activate(lic.license_key, fp);
    const first = await validate(lic.license_key, fp);
    const second = await validate(lic.license_key, fp);
    expect(second.body.token).toBe(first.body.token);

    await accountStub(lic.account_id).setSeats({ actor: { type: "support", id: "s@example.com" }, requestId: null, licenseId: lic.license_id, seats: 3 });
    const third = await validate(lic.license_key, fp);
    expect(third.body.token).not.toBe(first.body.token);
    const { payload } = await jwtVerify(third.body.token, await jwks(), verifyOptions);
    expect(payload.seats).toBe(3);
  });
});
