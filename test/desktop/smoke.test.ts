import { describe, expect, it } from "vitest";
import { activate, grantLicense, request } from "../helpers/api";

describe("smoke", () => {
  it("health answers", async () => {
    const res = await request("/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, version: expect.any(String) });
  });

  it("grant then activate", async () => {
    const lic = await grantLicense(2);
    const res = await activate(lic.license_key, "machine-0001");
    expect(res.status, res.text).toBe(201);
  });
});
