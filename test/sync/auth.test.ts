// Who may sync: the bearer of a license token whose signature, audience, issuer and expiry
// hold (checked in the Worker) and whose machine still holds a seat on an active license
// (checked by the account object). Anything else is 401 UNAUTHORIZED, and the machine's
// open feed closes (4001).
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/routes";
import { signLicenseToken } from "../../src/tokens/license-token";
import { accountStub, alarmAt } from "../helpers/account";
import { activate, deactivate, fingerprintFor, grantLicense, request } from "../helpers/api";
import { asStaff } from "../helpers/staff";
import { getDoc, listDocs, openFeed, putDoc, refusedFeed, syncAccount, type SyncMachine } from "../helpers/sync";

const b64u = (text: string) => btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const claimsOf = (token: string) => JSON.parse(atob(token.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/")));

/** A token with the given claims, signed with `key` (the API's own signing key unless given). */
async function signed(claims: Record<string, unknown>, options: { key?: JWK; header?: Record<string, unknown> } = {}) {
  const jwk = options.key ?? (JSON.parse(env.TOKEN_SIGNING_JWK) as JWK);
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: jwk.kid!, typ: "license+jwt", ...options.header }).sign(await importJWK(jwk, "EdDSA"));
}

/** Every sync call and the feed's upgrade, made with one token: the statuses and codes. */
async function everyCall(token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const answers = await Promise.all([
    listDocs(token),
    getDoc(token, "settings"),
    putDoc(token, "settings", { x: 1 }, 1),
    request("/v1/sync/documents/settings?base_rev=1", { method: "DELETE", headers: auth }),
  ]);
  const feed = await refusedFeed(auth);
  return [...answers.map((a) => [a.status, a.body?.error?.code]), [feed.status, feed.body?.error?.code]];
}

const ALL_REFUSED = Array.from({ length: 5 }, () => [401, "UNAUTHORIZED"]);

async function machineWithDocument() {
  const account = await syncAccount(2);
  const [a, b] = account.machines as [SyncMachine, SyncMachine];
  expect((await putDoc(a.token, "settings", { x: 0 }, 0)).status).toBe(200);
  return { ...account, a, b };
}

describe("tokens the Worker refuses", () => {
  it("no token, another scheme, or not a JWS", async () => {
    for (const authorization of [undefined, "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-token", "bearer  x.y.z"]) {
      const res = await request("/v1/sync/documents", { headers: authorization ? { authorization } : {} });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.body.error.code).toBe("UNAUTHORIZED");
    }
  });

  it("tampered: claims edited (another activation, more time) or the signature changed", async () => {
    const { a, b } = await machineWithDocument();
    const [header, payload, signature] = a.token.split(".") as [string, string, string];
    const claims = claimsOf(a.token);
    const otherMachine = `${header}.${b64u(JSON.stringify({ ...claims, act: b.activationId }))}.${signature}`;
    const longer = `${header}.${b64u(JSON.stringify({ ...claims, exp: claims.exp + 365 * 86400 }))}.${signature}`;
    const mid = Math.floor(signature.length / 2);
    const flipped = `${header}.${payload}.${signature.slice(0, mid)}${signature[mid] === "A" ? "B" : "A"}${signature.slice(mid + 1)}`;
    for (const token of [otherMachine, longer, flipped]) expect(await everyCall(token)).toEqual(ALL_REFUSED);
  });

  it("expired, even by a second", async () => {
    const { a, account_id, license_id } = await machineWithDocument();
    const claims = claimsOf(a.token);
    const now = Math.floor(Date.now() / 1000);
    const expired = await signed({ ...claims, acc: account_id, sub: license_id, iat: now - 3600, exp: now - 1 });
    expect(await everyCall(expired)).toEqual(ALL_REFUSED);
    expect((await listDocs(expired)).body.error.details).toEqual({ reason: "expired" });
    // The same claims, not yet expired, are accepted: it is the time that refuses it.
    expect((await listDocs(await signed({ ...claims, iat: now, exp: now + 60 }))).status).toBe(200);
  });

  it("signed by a key the API does not publish, even under its key id; or for another audience, issuer or type", async () => {
    const { a } = await machineWithDocument();
    const claims = claimsOf(a.token);
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const foreign = { ...(await exportJWK(privateKey)), kid: (JSON.parse(env.TOKEN_SIGNING_JWK) as JWK).kid };
    const tokens = [
      await signed(claims, { key: foreign }),
      await signed({ ...claims, aud: "portal" }),
      await signed({ ...claims, iss: "https://evil.example" }),
      await signed(claims, { header: { typ: "JWT" } }),
      `${b64u(JSON.stringify({ alg: "none", typ: "license+jwt" }))}.${a.token.split(".")[1]}.`,
    ];
    for (const token of tokens) expect(await everyCall(token)).toEqual(ALL_REFUSED);
  });

  it("a genuine token from before sync (no account claim) is 401 with reason stale: the client validates for a fresh one", async () => {
    const { a, license_key, b } = await machineWithDocument();
    const { acc: _dropped, ...claims } = claimsOf(a.token);
    const old = await signed(claims);
    expect(await everyCall(old)).toEqual(ALL_REFUSED);
    expect((await listDocs(old)).body.error.details).toEqual({ reason: "stale" });

    const validated = await request("/v1/licenses/validate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ license_key, fingerprint: a.fingerprint }),
    });
    expect(claimsOf(validated.body.token)).toMatchObject({ acc: expect.stringMatching(/^acct_/) });
    expect((await getDoc(validated.body.token, "settings")).body.data).toEqual({ x: 0 });
    expect(b).toBeDefined();
  });

  it("every bearer route declares it and refuses without a token (built from the route list)", async () => {
    const bearerRoutes = ROUTES.filter((r) => r.auth === "bearer");
    expect(bearerRoutes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      "DELETE /v1/sync/documents/:name",
      "GET /v1/sync/documents",
      "GET /v1/sync/documents/:name",
      "GET /v1/sync/live",
      "PUT /v1/sync/documents/:name",
    ]);
    for (const route of bearerRoutes) {
      const path = route.path.replace(":name", "settings");
      const headers: Record<string, string> = { cookie: "session=abc", upgrade: "websocket", "content-type": "application/json" };
      const res = await request(`${path}?base_rev=0`, {
        method: route.method,
        headers,
        ...(route.method === "PUT" ? { body: '{"data":1,"base_rev":0}' } : {}),
      });
      expect(res.status, `${route.method} ${path}`).toBe(401);
      expect(route.errors).toContain("UNAUTHORIZED");
    }
  });
});

describe("machines the account object refuses, at once", () => {
  it("a deactivated machine: 401 on every call, its open feed closes with 4001, the other machine's stays open", async () => {
    const { a, b, license_key } = await machineWithDocument();
    const aFeed = await openFeed(a.token);
    const bFeed = await openFeed(b.token);
    expect((await deactivate(license_key, a.fingerprint)).status).toBe(200);

    await expect.poll(() => aFeed.closed()?.code).toBe(4001);
    expect(await everyCall(a.token)).toEqual(ALL_REFUSED);
    expect((await listDocs(a.token)).body.error.details).toEqual({ reason: "seat" });
    expect(bFeed.closed()).toBeNull();
    expect((await putDoc(b.token, "settings", { x: 1 }, 1)).status).toBe(200);
    await expect.poll(() => bFeed.messages.length).toBe(1);
  });

  it("a machine taken over by a reinstall (seat policies): the old installation's token is 401 and its feed closes; the new one's works", async () => {
    const lic = await grantLicense(1);
    const pc = { machine_guid: "guid-hash-0001", bios_serial: "bios-hash-0001", board_serial: "board-hash-001", disk_serial: "disk-hash-0001" };
    const before = await activate(lic.license_key, fingerprintFor("before-reinstall"), { components: pc });
    expect(before.status).toBe(201);
    const oldFeed = await openFeed(before.body.token);

    const after = await activate(lic.license_key, fingerprintFor("after-reinstall"), { components: { ...pc, machine_guid: "guid-hash-0002" } });
    expect([after.status, after.body.activation.id]).toEqual([200, before.body.activation.id]);

    // Same activation id, another fingerprint: the old copy (a cloned disk, say) stops syncing.
    await expect.poll(() => oldFeed.closed()?.code).toBe(4001);
    expect(await everyCall(before.body.token)).toEqual(ALL_REFUSED);
    expect((await putDoc(after.body.token, "settings", { theme: "dark" }, 0)).status).toBe(200);
  });

  it("a revoked license: every machine's calls are 401 and their feeds close; restored, the same tokens work again", async () => {
    const { a, b, license_id } = await machineWithDocument();
    const feeds = [await openFeed(a.token), await openFeed(b.token)];
    expect((await asStaff(`/v1/admin/licenses/${license_id}/revoke`, { json: { reason: "chargeback" } })).status).toBe(200);
    for (const feed of feeds) await expect.poll(() => feed.closed()?.code).toBe(4001);
    expect(await everyCall(a.token)).toEqual(ALL_REFUSED);
    expect(await everyCall(b.token)).toEqual(ALL_REFUSED);

    expect((await asStaff(`/v1/admin/licenses/${license_id}/restore`, { json: { reason: "resolved" } })).status).toBe(200);
    expect((await getDoc(b.token, "settings")).body.data).toEqual({ x: 0 });
  });

  it("a suspended license (a dispute open): 401 and the feeds close", async () => {
    const { a, account_id, license_id } = await machineWithDocument();
    const feed = await openFeed(a.token);
    await accountStub(account_id).suspend({ licenseId: license_id, actor: { type: "stripe", id: null }, requestId: null });
    await expect.poll(() => feed.closed()?.code).toBe(4001);
    expect(await everyCall(a.token)).toEqual(ALL_REFUSED);
  });

  it("a feed ends when its token expires: the alarm is set for it, and closes the socket then", async () => {
    const { a, account_id } = await machineWithDocument();
    await accountStub(account_id).flush();
    await runDurableObjectAlarm(accountStub(account_id)); // the outbox's alarm, out of the way
    const claims = claimsOf(a.token);
    const short = await signLicenseToken(
      { ...env, TOKEN_TTL_SECONDS: "2" },
      { accountId: claims.acc, licenseId: claims.sub, activationId: claims.act, fingerprintHash: claims.fp, seats: claims.seats, entitlements: claims.ent },
    );
    const feed = await openFeed(short);
    const exp = claimsOf(short).exp * 1000;
    expect(await alarmAt(account_id)).toBeLessThanOrEqual(exp);
    expect(feed.closed()).toBeNull();
    // The alarm fires by itself at the expiry; nothing else touches the object meanwhile.
    await expect.poll(() => feed.closed()?.code, { timeout: 5_000 }).toBe(4001);
    expect(Date.now()).toBeGreaterThanOrEqual(exp);
  });
});
