import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/routes";
import { request } from "../helpers/api";
import { staffToken } from "../helpers/staff";

// Built from the route list itself, so a route added later is covered without a line
// here: whatever a route declares about who may call it is what it enforces.

const concrete = (path: string) => path.replace(/:account_id/g, "acct_0000000000000").replace(/:\w+/g, "x_123");
const init = (method: string, headers: Record<string, string> = {}) =>
  method === "GET"
    ? { method, headers }
    : { method, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ reason: "r", seats: 1 }) };

describe.each(ROUTES.filter((r) => r.auth === "access").map((r) => [r.method, r.path] as const))("support route %s %s", (method, path) => {
  it("answers 401 without an Access token, and with a portal cookie instead", async () => {
    expect((await request(concrete(path), init(method))).status).toBe(401);
    expect((await request(concrete(path), init(method, { cookie: "session=abc" }))).status).toBe(401);
  });

  if (method !== "GET") {
    it("refuses a foreign site's page even with a valid Access token (403)", async () => {
      const res = await request(concrete(path), init(method, { "cf-access-jwt-assertion": await staffToken(), origin: "https://evil.example" }));
      expect(res.status).toBe(403);
    });
  }
});

describe.each(ROUTES.filter((r) => r.auth === "session" && r.path !== "/v1/auth/logout").map((r) => [r.method, r.path] as const))(
  "portal route %s %s",
  (method, path) => {
    it("answers 401 without a session (or a foreign page's 403 first)", async () => {
      const headers: Record<string, string> = path.endsWith("/live") ? { upgrade: "websocket" } : {};
      expect((await request(concrete(path), init(method, headers))).status).toBe(401);
      if (method !== "GET") expect((await request(concrete(path), init(method, { origin: "https://evil.example" }))).status).toBe(403);
    });
  },
);
