// Activate / validate / deactivate against a real local HTTP server: final answers end
// offline grace at once, transient ones keep it.
import { afterEach, describe, expect, it } from "vitest";
import { apiError, closedPortUrl } from "./helpers/fake-api.js";
import { scriptAnswers, startLicensingApi, type LicensingApi } from "./helpers/licensing-api.js";
import { testClient } from "./helpers/setup.js";
import { makeKey } from "./helpers/tokens.js";

const key = makeKey("current");
let api: LicensingApi;
afterEach(() => api?.close());

describe("license life cycle", () => {
  it("activates (new seat, then the same seat), validates online, deactivates", async () => {
    api = await startLicensingApi(key);
    const { client } = testClient(api.url, [key]);
    const first = await client.activate("CGPT-KEY", { name: "Desk" });
    expect(first).toMatchObject({ ok: true, code: "ACTIVATED", activationId: "act_1", seats: 2, seatsUsed: 1 });
    expect(first.message).toBeUndefined(); // the token verifies against the pinned key
    expect(first.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 13 * 86400_000);
    expect(api.requests[0]!.body).toMatchObject({ license_key: "CGPT-KEY", fingerprint: "test-machine-0001", name: "Desk" });
    expect((await client.activate("CGPT-KEY")).code).toBe("ALREADY_ACTIVE");
    expect(await client.validate()).toMatchObject({ ok: true, valid: true, offline: false, code: "VALID" });
    expect(await client.status()).toMatchObject({ ok: true, valid: true, code: "VALID_OFFLINE" });
    expect(await client.deactivate()).toMatchObject({ ok: true, code: "DEACTIVATED", seatsUsed: 0 });
    expect(await client.status()).toMatchObject({ valid: false, code: "NO_STATE" });
    expect((await client.validate()).code).toBe("NO_STATE");
  });

  it("warns at activation when the token will not verify offline (key not pinned)", async () => {
    api = await startLicensingApi(key);
    const { client } = testClient(api.url, [makeKey("other")]);
    const result = await client.activate("CGPT-KEY");
    expect(result).toMatchObject({ ok: true, code: "ACTIVATED" });
    expect(result.message).toMatch(/offline grace unavailable/);
  });

  for (const code of ["REVOKED", "NOT_FOUND", "NOT_ACTIVATED", "SUSPENDED"]) {
    it(`drops the token at once on validate ${code}`, async () => {
      api = await startLicensingApi(key);
      const { client } = testClient(api.url, [key]);
      await client.activate("CGPT-KEY");
      scriptAnswers(api, "/v1/licenses/validate", { status: 200, body: { valid: false, code } });
      expect(await client.validate()).toMatchObject({ ok: false, valid: false, offline: false, code });
      // Offline grace is over: the stored token is gone, even with the API unreachable.
      expect(await client.status()).toMatchObject({ valid: false, code });
      scriptAnswers(api, "/v1/licenses/validate", apiError(503, "UNAVAILABLE"), apiError(503, "UNAVAILABLE"), apiError(503, "UNAVAILABLE"));
      expect(await client.validate()).toMatchObject({ valid: false, offline: true, code });
    });
  }

  for (const code of ["LICENSE_REVOKED", "LICENSE_SUSPENDED", "LICENSE_NOT_FOUND"]) {
    it(`drops the token on the error ${code}`, async () => {
      api = await startLicensingApi(key);
      const { client } = testClient(api.url, [key]);
      await client.activate("CGPT-KEY");
      scriptAnswers(api, "/v1/licenses/activate", apiError(code === "LICENSE_NOT_FOUND" ? 404 : 403, code));
      expect(await client.activate("CGPT-KEY")).toMatchObject({ ok: false, code });
      expect(await client.status()).toMatchObject({ valid: false, code });
    });
  }

  it("keeps offline grace through 5xx and 429, after bounded retries", async () => {
    api = await startLicensingApi(key);
    const { client, slept } = testClient(api.url, [key]);
    await client.activate("CGPT-KEY");
    scriptAnswers(
      api,
      "/v1/licenses/validate",
      apiError(500, "INTERNAL"),
      apiError(503, "UNAVAILABLE"),
      apiError(429, "RATE_LIMITED", {}, { "retry-after": "2" }),
    );
    const result = await client.validate();
    expect(result).toMatchObject({ ok: true, valid: true, offline: true, code: "VALID_OFFLINE" });
    expect(result.message).toMatch(/RATE_LIMITED/);
    expect(api.requests.filter((r) => r.path === "/v1/licenses/validate")).toHaveLength(3);
    expect(slept).toHaveLength(2); // three attempts, two waits
  });

  it("does not treat a plain 404 (wrong API address) as a final answer", async () => {
    api = await startLicensingApi(key);
    const { client } = testClient(api.url, [key]);
    await client.activate("CGPT-KEY");
    scriptAnswers(api, "/v1/licenses/validate", apiError(404, "NOT_FOUND"));
    const result = await client.validate();
    expect(result).toMatchObject({ valid: true, offline: true, code: "VALID_OFFLINE" });
    expect(result.message).toMatch(/NOT_FOUND/);
    expect((await client.status()).code).toBe("VALID_OFFLINE");
  });

  it("falls back to the stored token on a 200 that is not the API's (captive portal)", async () => {
    api = await startLicensingApi(key);
    const { client } = testClient(api.url, [key]);
    await client.activate("CGPT-KEY");
    scriptAnswers(
      api,
      "/v1/licenses/validate",
      { status: 200, body: "<html>hotel wifi</html>" },
      { status: 200, body: { valid: false, code: "SOMETHING_NEW" } },
    );
    expect(await client.validate()).toMatchObject({ valid: true, offline: true, code: "VALID_OFFLINE" });
    const unknown = await client.validate();
    expect(unknown).toMatchObject({ valid: true, offline: true, code: "VALID_OFFLINE" });
    expect(unknown.message).toMatch(/SOMETHING_NEW/);
  });

  it("reports NETWORK when nothing answers, and uses the stored token", async () => {
    api = await startLicensingApi(key);
    const online = testClient(api.url, [key]);
    await online.client.activate("CGPT-KEY");
    const offline = testClient(await closedPortUrl(), [key], { stateDir: online.stateDir });
    expect(await offline.client.validate()).toMatchObject({ ok: true, valid: true, offline: true, code: "VALID_OFFLINE" });
    expect(offline.slept).toHaveLength(2);
    expect(await offline.client.deactivate()).toMatchObject({ ok: false, code: "NETWORK" });
    expect((await offline.client.activate("CGPT-KEY")).code).toBe("NETWORK");
    expect((await offline.client.status()).code).toBe("VALID_OFFLINE");
  });

  it("treats ACTIVATION_NOT_FOUND after a lost answer as deactivated", async () => {
    api = await startLicensingApi(key);
    const { client } = testClient(api.url, [key]);
    await client.activate("CGPT-KEY");
    // First attempt: the server deactivates but the answer is lost (503 stands in).
    scriptAnswers(api, "/v1/licenses/deactivate", apiError(503, "UNAVAILABLE"), apiError(404, "ACTIVATION_NOT_FOUND"));
    expect(await client.deactivate()).toMatchObject({ ok: true, code: "DEACTIVATED" });
  });

  it("does not retry DEACTIVATION_LIMIT_REACHED (a 429 that is final for now)", async () => {
    api = await startLicensingApi(key);
    const { client, slept } = testClient(api.url, [key]);
    await client.activate("CGPT-KEY");
    scriptAnswers(api, "/v1/licenses/deactivate", apiError(429, "DEACTIVATION_LIMIT_REACHED", { details: { next_allowed_at: "2030-01-01T00:00:00Z" } }));
    expect(await client.deactivate()).toMatchObject({ ok: false, code: "DEACTIVATION_LIMIT_REACHED" });
    expect(slept).toHaveLength(0);
    expect((await client.status()).code).toBe("VALID_OFFLINE");
  });
});
