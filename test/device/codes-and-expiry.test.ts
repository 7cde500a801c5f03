import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { KEEP_EXPIRED_MS } from "../../durable-objects/device-authorization-rules";
import { randomUserCode } from "../../src/core/user-code";
import { userCodes } from "../../src/routes/device/authorize";
import { accountStub } from "../helpers/account";
import { deviceStub, poll, portalDevice, setRow, startSignIn, tablesOf } from "../helpers/device";
import { signedIn } from "../helpers/portal";

/** Makes the next authorizations draw these codes, in order (then random ones again). */
function drawNext(...codes: string[]) {
  userCodes.next = () => codes.shift() ?? randomUserCode();
}
afterEach(() => {
  userCodes.next = randomUserCode;
});

describe("user codes are unique among live codes", () => {
  it("a drawn code a live authorization holds is drawn again: both sign-ins go on, each with its own code", async () => {
    const first = await startSignIn();
    drawNext(first.code, first.code, "BBBBCCCC");
    const second = await startSignIn();
    expect(second.status).toBe(200);
    expect(second.body.user_code).toBe("BBBB-CCCC");
    // The first is untouched: still waiting, still pollable with its own device code.
    expect((await poll(first.body.device_code)).body.error.code).toBe("AUTHORIZATION_PENDING");
    expect((await poll(second.body.device_code)).body.error.code).toBe("AUTHORIZATION_PENDING");
  });

  it("five collisions in a row answer 503 UNAVAILABLE rather than reuse a live code", async () => {
    const first = await startSignIn();
    drawNext(...Array.from({ length: 5 }, () => first.code));
    const res = await startSignIn();
    expect([res.status, (res.body as unknown as { error: { code: string } }).error.code]).toEqual([503, "UNAVAILABLE"]);
    expect((await poll(first.body.device_code)).body.error.code).toBe("AUTHORIZATION_PENDING");
  });

  it("an expired code may be drawn again: the new sign-in replaces it, and the old device code is EXPIRED_TOKEN", async () => {
    const old = await startSignIn();
    await setRow(old.code, "expires_at", Date.now() - 1);
    drawNext(old.code);
    const renewed = await startSignIn();
    expect(renewed.body.user_code).toBe(old.body.user_code);
    expect((await poll(old.body.device_code)).body.error.code).toBe("EXPIRED_TOKEN");
    expect((await poll(renewed.body.device_code)).body.error.code).toBe("AUTHORIZATION_PENDING");
  });
});

describe("expiry", () => {
  it("past expires_in the portal shows it expired and cannot approve it; the app gets EXPIRED_TOKEN", async () => {
    const c = await signedIn(2);
    const { code, body } = await startSignIn();
    await setRow(code, "expires_at", Date.now() - 1);
    expect((await portalDevice(c.cookie, code)).body.status).toBe("expired");
    expect((await portalDevice(c.cookie, code, "approve")).status).toBe(404);
    expect((await portalDevice(c.cookie, code, "deny")).status).toBe(404);
    expect((await poll(body.device_code)).body.error.code).toBe("EXPIRED_TOKEN");
    expect((await accountStub(c.account_id).snapshot()).machines).toEqual([]);
  });

  it("the alarm forgets an expired code entirely, a while after expiry (storage empty, nothing left to grow)", async () => {
    const { code, body } = await startSignIn();
    const alarm = await runInDurableObject(deviceStub(code), (_i, state) => state.storage.getAlarm());
    expect(alarm! - Date.now()).toBeGreaterThan(600_000 + KEEP_EXPIRED_MS - 60_000);

    // Fired early (nothing is due yet): the row stays and the alarm comes back.
    expect(await runDurableObjectAlarm(deviceStub(code))).toBe(true);
    expect(await tablesOf(code)).toEqual(["device_authorization"]);

    await setRow(code, "expires_at", Date.now() - KEEP_EXPIRED_MS - 1);
    expect(await runDurableObjectAlarm(deviceStub(code))).toBe(true);
    expect(await tablesOf(code)).toEqual([]);
    expect(await runInDurableObject(deviceStub(code), (_i, state) => state.storage.getAlarm())).toBeNull();
    expect((await poll(body.device_code)).body.error.code).toBe("EXPIRED_TOKEN");
  });

  it("wrong codes and forged device codes leave no storage in the objects they name", async () => {
    const c = await signedIn(2);
    const guess = "ZZZZXXXX";
    expect((await portalDevice(c.cookie, guess)).status).toBe(404);
    expect((await portalDevice(c.cookie, guess, "approve")).status).toBe(404);
    expect((await portalDevice(c.cookie, guess, "deny")).status).toBe(404);
    expect(await tablesOf(guess)).toEqual([]);
  });
});
