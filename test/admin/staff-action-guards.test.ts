import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { activate, fingerprintFor, grantLicense, request } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";
import { staffToken } from "../helpers/staff";

// Staff are signed in through Access, whose cookie a browser attaches to any request to
// the console, including a form another site submits. Every state-changing staff call
// must therefore come from the console (or the API itself), carry JSON as JSON, and say
// why — otherwise nothing happens.

interface Customer {
  account_id: string;
  license_id: string;
  license_key: string;
  activationId: string;
}

let c: Customer;
beforeAll(async () => {
  const lic = await grantLicense(4);
  const a = await activate(lic.license_key, fingerprintFor("guard"), { name: "Desk" });
  c = { ...lic, activationId: a.body.activation.id };
  await accountStub(c.account_id).flush();
});

type Action = { name: string; path: () => string; body: Record<string, unknown> };
const actions: Action[] = [
  { name: "deactivate a machine", path: () => `/v1/admin/accounts/${c.account_id}/machines/${c.activationId}/deactivate`, body: {} },
  { name: "set seats", path: () => `/v1/admin/licenses/${c.license_id}/seats`, body: { seats: 1 } },
  { name: "revoke", path: () => `/v1/admin/licenses/${c.license_id}/revoke`, body: {} },
  { name: "restore", path: () => `/v1/admin/licenses/${c.license_id}/restore`, body: {} },
  { name: "resend the license email", path: () => `/v1/admin/licenses/${c.license_id}/resend-key`, body: {} },
  { name: "send a sign-in link", path: () => `/v1/admin/accounts/${c.account_id}/sign-in-link`, body: {} },
];

async function staffPost(path: string, body: string, headers: Record<string, string>) {
  return request(path, { method: "POST", body, headers: { "cf-access-jwt-assertion": await staffToken(), ...headers } });
}

/** What a refused call must leave exactly as it was. */
async function state() {
  const snapshot = await accountStub(c.account_id).snapshot();
  await accountStub(c.account_id).flush();
  return { licenses: snapshot.licenses, machines: snapshot.machines.map((m) => m.id), events: (await auditEvents(c.account_id)).length };
}

const json = { "content-type": "application/json" };

describe.each(actions)("staff action: $name", (action) => {
  const ok = (extra: Record<string, unknown> = {}) => JSON.stringify({ ...action.body, reason: "ticket #77", ...extra });

  it("from a foreign site's page (its Origin) → 403 FORBIDDEN, nothing changed", async () => {
    const before = await state();
    const res = await staffPost(action.path(), ok(), { ...json, origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
    expect(await state()).toEqual(before);
  });

  it("marked cross-site by the browser (Sec-Fetch-Site) → 403, nothing changed", async () => {
    const before = await state();
    const res = await staffPost(action.path(), ok(), { ...json, "sec-fetch-site": "cross-site", origin: env.SUPPORT_ORIGIN! });
    expect(res.status).toBe(403);
    expect(await state()).toEqual(before);
  });

  it("a text/plain body that happens to be valid JSON (what a form can send) → 400, nothing changed", async () => {
    const before = await state();
    const res = await staffPost(action.path(), ok(), { "content-type": "text/plain", origin: env.SUPPORT_ORIGIN! });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("INVALID_REQUEST");
    expect(await state()).toEqual(before);
  });

  it.each([
    ["missing", {}],
    ["empty", { reason: "" }],
    ["only spaces", { reason: "   " }],
    ["longer than 500 characters", { reason: "x".repeat(501) }],
    ["not a string", { reason: 42 }],
  ])("without a usable reason (%s) → 400 naming the field, nothing changed", async (_label, reasonField) => {
    const before = await state();
    const body = { ...action.body, ...reasonField };
    if (!("reason" in reasonField)) delete (body as Record<string, unknown>).reason;
    const res = await staffPost(action.path(), JSON.stringify(body), { ...json, origin: env.SUPPORT_ORIGIN! });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields.map((f: { path: string }) => f.path)).toContain("reason");
    expect(await state()).toEqual(before);
  });
});

describe("allowed callers", () => {
  it("the support console's origin, the API's own origin, and non-browser callers (no Origin) may act", async () => {
    const lic = await grantLicense(3);
    for (const [i, origin] of [env.SUPPORT_ORIGIN, env.PUBLIC_API_ORIGIN, null].entries()) {
      const res = await staffPost(`/v1/admin/licenses/${lic.license_id}/seats`, JSON.stringify({ seats: 4 + i, reason: "r" }), {
        ...json,
        ...(origin ? { origin, "sec-fetch-site": "same-origin" } : {}),
      });
      expect(res.status, String(origin)).toBe(200);
      expect(res.body.license.seats).toBe(4 + i);
    }
  });

  it("a one-character reason is enough (1–500 characters)", async () => {
    const lic = await grantLicense(3);
    const res = await staffPost(`/v1/admin/licenses/${lic.license_id}/revoke`, JSON.stringify({ reason: "x" }), json);
    expect(res.status).toBe(200);
  });

  it("reads are not state changes: a GET with a foreign Origin is still answered", async () => {
    const res = await request(`/v1/admin/accounts/${c.account_id}`, {
      headers: { "cf-access-jwt-assertion": await staffToken(), origin: "https://evil.example" },
    });
    expect(res.status).toBe(200);
  });
});
