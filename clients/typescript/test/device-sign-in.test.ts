// Device sign-in: the code is reported at once, polls keep the interval, SLOW_DOWN adds
// 5 s, and each terminal outcome ends the flow; an approval is stored like an activation.
import { afterEach, describe, expect, it } from "vitest";
import type { DeviceCode } from "../src/index.js";
import { apiError, startFakeApi, type FakeApi, type FakeResponse } from "./helpers/fake-api.js";
import { activation, FINGERPRINT, testClient } from "./helpers/setup.js";
import { makeKey, signToken } from "./helpers/tokens.js";

const key = makeKey("current");
let api: FakeApi;
afterEach(() => api?.close());

const AUTHORIZE = {
  device_code: "dc_secret_0123456789abcdef",
  user_code: "BCDF-GHJK",
  verification_uri: "http://127.0.0.1:8788/activate/",
  verification_uri_complete: "http://127.0.0.1:8788/activate/?code=BCDF-GHJK",
  expires_in: 600,
  interval: 5,
};

/** A server that answers the polls in the order given, then repeats the last answer. */
async function deviceApi(polls: Array<FakeResponse | "approve">, authorize: object = AUTHORIZE) {
  api = await startFakeApi(async (req) => {
    if (req.path === "/v1/device/authorize") return { status: 200, body: authorize };
    if (req.path === "/v1/device/token") {
      const next = polls.length > 1 ? polls.shift()! : polls[0]!;
      if (next !== "approve") return next;
      const token = await signToken({ key, issuer: `http://${req.headers.host}`, fingerprint: FINGERPRINT });
      return { status: 200, body: { license_key: "CGPT-FROM-DEVICE", ...activation(), token } };
    }
    return apiError(404, "NOT_FOUND");
  });
  return api;
}

const pending = apiError(400, "AUTHORIZATION_PENDING");
const slowDown = apiError(400, "SLOW_DOWN");

describe("device sign-in", () => {
  it("shows the code before polling, honours interval and SLOW_DOWN, and stores the approval", async () => {
    await deviceApi([pending, slowDown, pending, slowDown, "approve"]);
    const { client, slept } = testClient(api.url, [key]);
    const shown: DeviceCode[] = [];
    const result = await client.signIn((code) => {
      expect(api.requests.filter((r) => r.path === "/v1/device/token")).toHaveLength(0);
      shown.push(code);
    });
    expect(shown).toEqual([
      { userCode: "BCDF-GHJK", verificationUri: AUTHORIZE.verification_uri, verificationUriComplete: AUTHORIZE.verification_uri_complete, expiresIn: 600 },
    ]);
    expect(slept).toEqual([5_000, 5_000, 10_000, 10_000, 15_000]);
    expect(result).toMatchObject({ ok: true, code: "ACTIVATED", activationId: "act_1", seats: 2, userCode: "BCDF-GHJK" });
    expect(api.requests[0]!.body).toMatchObject({ fingerprint: FINGERPRINT, platform: expect.any(String) });
    expect(api.requests.filter((r) => r.path === "/v1/device/token").every((r) => r.body.device_code === AUTHORIZE.device_code)).toBe(true);
    // Stored like an activation: offline grace works and validate sends the key it got.
    expect((await client.status()).code).toBe("VALID_OFFLINE");
  });

  for (const code of ["ACCESS_DENIED", "EXPIRED_TOKEN"]) {
    it(`ends with ${code}`, async () => {
      await deviceApi([pending, apiError(400, code)]);
      const { client } = testClient(api.url, [key]);
      expect(await client.signIn(() => {})).toMatchObject({ ok: false, code, userCode: "BCDF-GHJK" });
      expect((await client.status()).code).toBe("NO_STATE");
    });
  }

  it("keeps polling through outages and gives up when the code's lifetime is over", async () => {
    await deviceApi([apiError(503, "UNAVAILABLE"), apiError(429, "RATE_LIMITED", {}, { "retry-after": "12" }), pending], { ...AUTHORIZE, expires_in: 30 });
    const { client, slept } = testClient(api.url, [key]);
    const result = await client.signIn(() => {});
    expect(result).toMatchObject({ ok: false, code: "EXPIRED_TOKEN" });
    expect(slept).toEqual([5_000, 5_000, 12_000, 5_000, 5_000]); // 32 s ≥ 30 s
  });

  it("stops when cancelled", async () => {
    await deviceApi([pending]);
    const controller = new AbortController();
    const { client } = testClient(api.url, [key], {
      sleep: (_ms, signal) =>
        new Promise((resolve, reject) => {
          controller.abort();
          if (signal?.aborted) reject(signal.reason);
          else resolve();
        }),
    });
    expect(await client.signIn(() => {}, { signal: controller.signal })).toMatchObject({ ok: false, code: "CANCELLED" });
  });

  it("reports an authorize failure without polling", async () => {
    api = await startFakeApi(() => apiError(400, "INVALID_REQUEST"));
    const { client } = testClient(api.url, [key]);
    let called = false;
    expect(await client.signIn(() => void (called = true))).toMatchObject({ ok: false, code: "INVALID_REQUEST" });
    expect(called).toBe(false);
  });
});
