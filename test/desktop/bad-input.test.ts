import { beforeAll, describe, expect, it } from "vitest";
import { BASE, grantLicense, request, type ApiResponse } from "../helpers/api";
import { exports } from "cloudflare:workers";

let key = "";
beforeAll(async () => {
  key = (await grantLicense(2)).license_key;
});

const good = () => ({ license_key: key, fingerprint: "machine-abcdef01" });
const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

interface Case {
  name: string;
  path?: string;
  init: () => RequestInit;
  status: number;
  code: string;
  /** Paths INVALID_REQUEST must name in details.fields. */
  fields?: string[];
}

const cases: Case[] = [
  {
    name: "body that is not JSON",
    init: () => ({ method: "POST", body: "license_key=abc", headers: { "content-type": "application/json" } }),
    status: 400,
    code: "INVALID_REQUEST",
  },
  { name: "JSON sent without a Content-Type", init: () => ({ method: "POST", body: JSON.stringify(good()) }), status: 400, code: "INVALID_REQUEST" },
  {
    name: "JSON sent as text/plain (a cross-site form)",
    init: () => ({ method: "POST", body: JSON.stringify(good()), headers: { "content-type": "text/plain" } }),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "JSON sent as a urlencoded form",
    init: () => ({ method: "POST", body: JSON.stringify(good()), headers: { "content-type": "application/x-www-form-urlencoded" } }),
    status: 400,
    code: "INVALID_REQUEST",
  },
  { name: "empty body", init: () => ({ method: "POST" }), status: 400, code: "INVALID_REQUEST" },
  { name: "JSON that is not an object", init: () => json([1, 2, 3]), status: 400, code: "INVALID_REQUEST", fields: ["(body)"] },
  { name: "JSON null", init: () => json(null), status: 400, code: "INVALID_REQUEST", fields: ["(body)"] },
  { name: "missing fields", init: () => json({}), status: 400, code: "INVALID_REQUEST", fields: ["license_key", "fingerprint"] },
  {
    name: "wrong types",
    init: () => json({ license_key: 42, fingerprint: ["x"] }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["license_key", "fingerprint"],
  },
  { name: "fingerprint too short", init: () => json({ ...good(), fingerprint: "short" }), status: 400, code: "INVALID_REQUEST", fields: ["fingerprint"] },
  {
    name: "fingerprint too long",
    init: () => json({ ...good(), fingerprint: "f".repeat(257) }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["fingerprint"],
  },
  {
    name: "fingerprint not printable ASCII",
    init: () => json({ ...good(), fingerprint: "machine-\u00e9\u00e9\u00e9\u00e9" }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["fingerprint"],
  },
  {
    name: "fingerprint with a newline",
    init: () => json({ ...good(), fingerprint: "machine-1\nX-Injected: 1" }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["fingerprint"],
  },
  { name: "name too long", init: () => json({ ...good(), name: "n".repeat(101) }), status: 400, code: "INVALID_REQUEST", fields: ["name"] },
  {
    name: "name with control characters",
    init: () => json({ ...good(), name: "Office\r\nSet-Cookie: x=1" }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["name"],
  },
  {
    name: "name with a right-to-left override (reads as another name)",
    init: () => json({ ...good(), name: "Office PC \u202Egnp.exe" }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["name"],
  },
  { name: "platform too long", init: () => json({ ...good(), platform: "p".repeat(51) }), status: 400, code: "INVALID_REQUEST", fields: ["platform"] },
  { name: "app_version of the wrong type", init: () => json({ ...good(), app_version: 8 }), status: 400, code: "INVALID_REQUEST", fields: ["app_version"] },
  {
    name: "license key far too long",
    init: () => json({ ...good(), license_key: "K".repeat(5000) }),
    status: 400,
    code: "INVALID_REQUEST",
    fields: ["license_key"],
  },
  { name: "invalid UTF-8", init: () => ({ method: "POST", body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), status: 400, code: "INVALID_REQUEST" },
  { name: "deeply nested JSON", init: () => ({ method: "POST", body: "[".repeat(30_000) + "]".repeat(30_000) }), status: 400, code: "INVALID_REQUEST" },
  { name: "body over 64 KiB", init: () => json({ ...good(), name: "x".repeat(70_000) }), status: 413, code: "PAYLOAD_TOO_LARGE" },
  {
    name: "body over 64 KiB without a Content-Length (streamed)",
    init: () => {
      const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
      let sent = 0;
      const body = new ReadableStream({
        pull(c) {
          if (sent++ < 6) c.enqueue(chunk);
          else c.close();
        },
      });
      return { method: "POST", body, duplex: "half", headers: { "content-type": "application/json" } } as RequestInit;
    },
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "a key that is not ours",
    init: () => json({ ...good(), license_key: "CGPT-00000-00000-00000-00000-00000-00000-00000-00000" }),
    status: 404,
    code: "LICENSE_NOT_FOUND",
  },
  { name: "garbage key", init: () => json({ ...good(), license_key: "hello" }), status: 404, code: "LICENSE_NOT_FOUND" },
  { name: "wrong method", init: () => ({ method: "GET" }), status: 405, code: "METHOD_NOT_ALLOWED" },
  { name: "unknown route", path: "/v1/licenses/explode", init: () => json(good()), status: 404, code: "NOT_FOUND" },
  { name: "unknown top-level route", path: "/wp-admin.php", init: () => ({ method: "GET" }), status: 404, code: "NOT_FOUND" },
];

function expectEnvelope(res: ApiResponse, status: number, code: string) {
  expect(res.status, res.text).toBe(status);
  expect(res.body.error).toMatchObject({ code, message: expect.any(String), request_id: expect.stringMatching(/^req_/) });
  expect(res.headers.get("x-request-id")).toBe(res.body.error.request_id);
  expect(res.headers.get("content-type")).toContain("application/json");
  // Nothing internal ever leaks.
  expect(res.text).not.toMatch(/at \w+ \(|\.ts:\d+|SQLITE|Error:|stack/i);
}

describe("bad input to the desktop API gets a clear 4xx in the error envelope", () => {
  for (const c of cases) {
    it(`activate: ${c.name} → ${c.status} ${c.code}`, async () => {
      const res = await request(c.path ?? "/v1/licenses/activate", c.init());
      expectEnvelope(res, c.status, c.code);
      if (c.fields) {
        const paths = (res.body.error.details.fields as { path: string }[]).map((f) => f.path);
        for (const field of c.fields) expect(paths).toContain(field);
      }
    });
  }

  it("wrong method names the allowed one", async () => {
    const res = await request("/v1/licenses/validate", { method: "PUT", body: "{}" });
    expectEnvelope(res, 405, "METHOD_NOT_ALLOWED");
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("validate: malformed input is a 400, an unknown key is data", async () => {
    expectEnvelope(await request("/v1/licenses/validate", json({ license_key: key })), 400, "INVALID_REQUEST");
    const unknown = await request("/v1/licenses/validate", json({ ...good(), license_key: "CGPT-nope" }));
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ valid: false, code: "NOT_FOUND" });
  });

  it("deactivate: the same rules", async () => {
    expectEnvelope(await request("/v1/licenses/deactivate", json({ fingerprint: 5 })), 400, "INVALID_REQUEST");
    expectEnvelope(await request("/v1/licenses/deactivate", json(good())), 404, "ACTIVATION_NOT_FOUND");
  });

  it("unknown fields are ignored (forward compatibility) and never echoed", async () => {
    const res = await request("/v1/licenses/activate", json({ ...good(), fingerprint: "machine-unknown-fields", future_field: { a: 1 }, __proto__x: 1 }));
    expect(res.status).toBe(201);
    expect(res.text).not.toContain("future_field");
  });

  it("a null optional label means 'not given'", async () => {
    const res = await request("/v1/licenses/activate", json({ ...good(), fingerprint: "machine-null-name", name: null }));
    expect(res.status).toBe(201);
    expect(res.body.activation.name).toBeNull();
  });

  it("every success carries X-Request-Id too", async () => {
    const res = await exports.default.fetch(new Request(`${BASE}/v1/health`));
    expect(res.headers.get("x-request-id")).toMatch(/^req_[0-9a-z]{16}$/);
  });
});
