// What the docs and the site promise of the running API: the OpenAPI document covers every
// route, and CORS lets only the site's Buy button in. (The integration guide's snippets are
// compiled and type-checked elsewhere: npm run test:dotnet, npm run typecheck; that the
// client library accepts the engine's tokens: clients/typescript/test/engine-token.test.ts.)
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/routes";
import { request } from "../helpers/api";

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
    const pre = await request("/v1/checkout/sessions", {
      method: "OPTIONS",
      headers: { origin: "http://127.0.0.1:8789", "access-control-request-method": "POST" },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8789");
    const post = await request("/v1/checkout/sessions", {
      method: "POST",
      headers: { origin: "http://127.0.0.1:8789", "content-type": "application/json" },
      body: "{}",
    });
    expect(post.status).toBe(201);
    expect(post.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8789");

    const evil = await request("/v1/checkout/sessions", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    const other = await request("/v1/licenses/activate", { method: "OPTIONS", headers: { origin: "http://127.0.0.1:8789" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
