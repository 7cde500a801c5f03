// Offline verification of stored tokens: only a token signed by a pinned key, for this
// machine, this audience and this issuer, before its expiry, is VALID_OFFLINE.
import { describe, expect, it } from "vitest";
import { StateStore } from "../src/state/state-store.js";
import { FINGERPRINT, testClient } from "./helpers/setup.js";
import { makeKey, signToken, unsignedToken, sha256Hex, type TestKey } from "./helpers/tokens.js";

const ISSUER = "https://api.test.example";
const current = makeKey("current");
const next = makeKey("next");
const stranger = makeKey("stranger");

async function statusOf(token: string, pinned: TestKey[] = [current, next], fingerprint = FINGERPRINT) {
  const { client, stateDir } = testClient("http://127.0.0.1:9", pinned, {});
  await new StateStore(stateDir).save({ api: ISSUER, licenseKey: "CGPT-TEST", token, highWater: 0, finalCode: null, syncRevs: {} });
  if (fingerprint === FINGERPRINT) return client.status();
  const { fixedMachine, LicenseClient } = await import("../src/index.js");
  return new LicenseClient({ apiUrl: "http://127.0.0.1:9", stateDir, pinnedKeys: pinned.map((k) => k.publicKey), machine: fixedMachine(fingerprint) }).status();
}

describe("offline token checks", () => {
  it("accepts a good token signed with the current or the next pinned key", async () => {
    const a = await statusOf(await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT }));
    expect(a).toMatchObject({ ok: true, valid: true, offline: true, code: "VALID_OFFLINE", activationId: "act_1", seats: 2 });
    const b = await statusOf(await signToken({ key: next, issuer: ISSUER, fingerprint: FINGERPRINT }));
    expect(b.code).toBe("VALID_OFFLINE");
  });

  it("rejects a tampered token (claims changed, signature kept)", async () => {
    const token = await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT });
    const [h, p, s] = token.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, seats: 50, exp: claims.exp + 365 * 86400 })).toString("base64url")}.${s}`;
    expect((await statusOf(forged)).code).toBe("OFFLINE_TOKEN_INVALID");
    // One character of the signature changed.
    const flipped = token.slice(0, -2) + (token.at(-2) === "A" ? "B" : "A") + token.at(-1);
    expect((await statusOf(flipped)).code).toBe("OFFLINE_TOKEN_INVALID");
  });

  it("rejects a token of another machine", async () => {
    const token = await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT });
    const result = await statusOf(token, [current], "another-machine-02");
    expect(result).toMatchObject({ valid: false, code: "OFFLINE_TOKEN_INVALID" });
    expect(result.message).toMatch(/another machine/);
  });

  it("rejects a wrong audience, a wrong issuer and a wrong token type", async () => {
    expect((await statusOf(await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT, aud: "portal" }))).code).toBe("OFFLINE_TOKEN_INVALID");
    expect((await statusOf(await signToken({ key: current, issuer: "https://evil.example", fingerprint: FINGERPRINT }))).code).toBe("OFFLINE_TOKEN_INVALID");
    expect((await statusOf(await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT, typ: "JWT" }))).code).toBe("OFFLINE_TOKEN_INVALID");
  });

  it("reports an expired token as OFFLINE_EXPIRED", async () => {
    const iat = Math.floor(Date.now() / 1000) - 15 * 86400;
    const result = await statusOf(await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT, iat, exp: iat + 14 * 86400 }));
    expect(result).toMatchObject({ ok: false, valid: false, code: "OFFLINE_EXPIRED" });
    expect(result.expiresAt?.getTime()).toBe((iat + 14 * 86400) * 1000);
  });

  it("rejects unknown kids, and a stranger's key presented under a pinned kid", async () => {
    expect((await statusOf(await signToken({ key: stranger, issuer: ISSUER, fingerprint: FINGERPRINT }))).code).toBe("OFFLINE_TOKEN_INVALID");
    expect((await statusOf(await signToken({ key: stranger, kid: "current", issuer: ISSUER, fingerprint: FINGERPRINT }))).code).toBe("OFFLINE_TOKEN_INVALID");
  });

  it("rejects alg none and HS256 (keyed with the public key's bytes)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: ISSUER, aud: "desktop", sub: "lic_1", act: "act_1", fp: sha256Hex(FINGERPRINT), seats: 2, ent: [], iat: now, exp: now + 86400 };
    expect((await statusOf(unsignedToken({ alg: "none", kid: "current", typ: "license+jwt" }, claims))).code).toBe("OFFLINE_TOKEN_INVALID");
    const { createHmac } = await import("node:crypto");
    const signingInput = unsignedToken({ alg: "HS256", kid: "current", typ: "license+jwt" }, claims).slice(0, -1);
    const mac = createHmac("sha256", Buffer.from(current.publicKey.x, "base64url")).update(signingInput).digest("base64url");
    expect((await statusOf(`${signingInput}.${mac}`)).code).toBe("OFFLINE_TOKEN_INVALID");
  });

  it("trusts nothing when no keys are pinned", async () => {
    const result = await statusOf(await signToken({ key: current, issuer: ISSUER, fingerprint: FINGERPRINT }), []);
    expect(result).toMatchObject({ code: "OFFLINE_TOKEN_INVALID" });
    expect(result.message).toMatch(/no public keys are pinned/);
  });

  it("rejects garbage", async () => {
    for (const junk of ["", "abc", "a.b.c", "eyJhbGciOiJFZERTQSJ9.e30."]) expect((await statusOf(junk)).code).toBe("OFFLINE_TOKEN_INVALID");
  });
});
