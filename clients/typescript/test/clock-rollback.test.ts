// The clock high-water mark: server Date, token iat and local readings; a local clock
// more than an hour behind it is CLOCK_ROLLBACK, never valid.
import { afterEach, describe, expect, it } from "vitest";
import { closedPortUrl } from "./helpers/fake-api.js";
import { startLicensingApi, type LicensingApi } from "./helpers/licensing-api.js";
import { testClient } from "./helpers/setup.js";
import { makeKey } from "./helpers/tokens.js";

const key = makeKey("current");
const HOUR = 3600_000;
let api: LicensingApi;
afterEach(() => api?.close());

async function activatedAt(serverDate: Date) {
  api = await startLicensingApi(key);
  api.serverDate = serverDate;
  const online = testClient(api.url, [key], { now: () => serverDate });
  expect((await online.client.activate("CGPT-KEY")).ok).toBe(true);
  return online.stateDir;
}

const offlineAt = async (stateDir: string, now: Date) => testClient(await closedPortUrl(), [key], { stateDir, now: () => now }).client;

describe("clock rollback", () => {
  it("flags a local clock more than an hour behind the server's Date", async () => {
    const t0 = new Date(Date.now() - 24 * HOUR);
    const dir = await activatedAt(t0);
    expect((await (await offlineAt(dir, new Date(t0.getTime() - 30 * 60_000))).status()).code).toBe("VALID_OFFLINE");
    const back = await (await offlineAt(dir, new Date(t0.getTime() - 2 * HOUR))).status();
    expect(back).toMatchObject({ ok: false, valid: false, code: "CLOCK_ROLLBACK" });
    expect((await (await offlineAt(dir, new Date(t0.getTime() - 2 * HOUR))).validate()).code).toBe("CLOCK_ROLLBACK");
  });

  it("remembers local readings of offline checks: going back after them is a rollback", async () => {
    const t0 = new Date(Date.now() - 10 * 24 * HOUR);
    const dir = await activatedAt(t0);
    // Five days later, offline: valid, and the mark moves to that time.
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 5 * 24 * HOUR))).validate()).code).toBe("VALID_OFFLINE");
    // Setting the clock back to one day after activation would stretch the grace.
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 24 * HOUR))).status()).code).toBe("CLOCK_ROLLBACK");
    // After the expiry, going back is still caught (the expired reading was recorded too).
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 15 * 24 * HOUR))).validate()).code).toBe("OFFLINE_EXPIRED");
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 13 * 24 * HOUR))).status()).code).toBe("CLOCK_ROLLBACK");
  });

  it("lets the server's time reset a mark pushed ahead by a wrong local clock", async () => {
    const t0 = new Date();
    const dir = await activatedAt(t0);
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 3 * 24 * HOUR))).validate()).code).toBe("VALID_OFFLINE");
    expect((await (await offlineAt(dir, t0)).status()).code).toBe("CLOCK_ROLLBACK");
    // Back online: the server's Date is the reference again.
    const online = testClient(api.url, [key], { stateDir: dir, now: () => t0 });
    expect((await online.client.validate()).code).toBe("VALID");
    expect((await online.client.status()).code).toBe("VALID_OFFLINE");
  });

  it("lets the token's iat reset a mark pushed ahead when the answer has no Date header", async () => {
    // `wrangler dev` and some proxies send no Date: the iat the server signed stands in.
    const t0 = new Date();
    const dir = await activatedAt(t0);
    api.serverDate = null;
    expect((await (await offlineAt(dir, new Date(t0.getTime() + 20 * 24 * HOUR))).validate()).code).toBe("OFFLINE_EXPIRED");
    const online = testClient(api.url, [key], { stateDir: dir, now: () => new Date(t0.getTime() + 20 * 24 * HOUR) });
    expect((await online.client.validate()).code).toBe("VALID");
    expect((await (await offlineAt(dir, t0)).status()).code).toBe("VALID_OFFLINE");
  });

  it("uses the token's iat as a floor when the answer has no Date header", async () => {
    api = await startLicensingApi(key);
    api.serverDate = null;
    // The local clock is already 5 hours behind when the token is issued (iat = now).
    const t0 = new Date();
    const online = testClient(api.url, [key], { now: () => new Date(t0.getTime() - 5 * HOUR) });
    expect((await online.client.activate("CGPT-KEY")).ok).toBe(true);
    expect(api.requests).toHaveLength(1);
    expect((await (await offlineAt(online.stateDir, new Date(t0.getTime() - 3 * HOUR))).status()).code).toBe("CLOCK_ROLLBACK");
    expect((await (await offlineAt(online.stateDir, new Date(t0.getTime() - 30 * 60_000))).status()).code).toBe("VALID_OFFLINE");
  });
});
