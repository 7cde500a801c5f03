import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/routes";
import { verifyLicenseToken } from "../../site/docs/snippets/verify-license-token";
import { activate, fingerprintFor, grantLicense, request } from "../helpers/api";

describe("the docs' TypeScript verification snippet, run against a real token", () => {
  it("accepts the engine's token for this machine and returns its claims", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("docs");
    const act = await activate(lic.license_key, fp);
    const jwks = (await request("/.well-known/jwks.json")).body;
    const claims = await verifyLicenseToken(act.body.token, { jwks, issuer: "http://127.0.0.1:8787", fingerprint: fp });
    expect(claims).toMatchObject({ sub: lic.license_id, act: act.body.activation.id, seats: 2, ent: ["chartgpt"], aud: "desktop" });
  });

  it("refuses another machine, another issuer, a tampered token and an expired one", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("docs2");
    const { token } = (await activate(lic.license_key, fp)).body;
    const jwks = (await request("/.well-known/jwks.json")).body;
    const ok = { jwks, issuer: "http://127.0.0.1:8787", fingerprint: fp };
    await expect(verifyLicenseToken(token, { ...ok, fingerprint: "another-machine-123" })).rejects.toThrow("another machine");
    await expect(verifyLicenseToken(token, { ...ok, issuer: "https://evil.example" })).rejects.toThrow();
    const [h, p, s] = token.split(".");
    await expect(verifyLicenseToken(`${h}.${p}x.${s}`, ok)).rejects.toThrow();
    await expect(verifyLicenseToken(token, { ...ok, now: new Date(Date.now() + 15 * 24 * 3600 * 1000) })).rejects.toThrow();
  });
});

describe("GET /openapi.json", () => {
  it("describes every route the Worker serves", async () => {
    const res = await request("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    for (const { method, path } of ROUTES) {
      const openApiPath = path.replace(/:(\w+)/g, "{$1}");
      expect(res.body.paths[openApiPath]?.[method.toLowerCase()], `${method} ${path}`).toBeDefined();
    }
  });
});

describe("CORS for the site's Buy button", () => {
  it("answers the preflight and the POST for the site's origin only", async () => {
    const pre = await request("/v1/checkout/sessions", { method: "OPTIONS", headers: { origin: "http://127.0.0.1:8789", "access-control-request-method": "POST" } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8789");
    const post = await request("/v1/checkout/sessions", { method: "POST", headers: { origin: "http://127.0.0.1:8789", "content-type": "application/json" }, body: "{}" });
    expect(post.status).toBe(201);
    expect(post.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8789");

    const evil = await request("/v1/checkout/sessions", { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const other = await request("/v1/licenses/activate", { method: "OPTIONS", headers: { origin: "http://127.0.0.1:8789" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
