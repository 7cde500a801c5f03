import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/core/crypto/digest";
import { newDeviceCode } from "../../src/device/device-code";
import worker from "../../src/index";
import { activate, BASE, fingerprintFor, grantLicense, post, request } from "../helpers/api";
import { deviceStub, poll, portalDevice, setRow, startSignIn, waitedInterval } from "../helpers/device";
import { asCustomer, signedIn } from "../helpers/portal";
import { asStaff } from "../helpers/staff";
import { getDoc, putDoc } from "../helpers/sync";

const errorCode = (res: { body: { error?: { code: string } } }) => res.body.error?.code;

describe("POST /v1/device/authorize", () => {
  it("gives the app a secret device code, and the customer a short code and the portal's address", async () => {
    const started = await startSignIn();
    expect(started.status).toBe(200);
    const { body } = started;
    expect(body.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(body.verification_uri).toBe("http://127.0.0.1:8788/activate/");
    expect(body.verification_uri_complete).toBe(`http://127.0.0.1:8788/activate/?code=${body.user_code}`);
    expect(body).toMatchObject({ expires_in: 600, interval: 5 });
    // The user code routes, 256 random bits are the secret, a tag ends it.
    expect(body.device_code).toMatch(new RegExp(`^${started.code}[A-Za-z0-9_-]{51}$`));
  });

  it("keeps only the device code's hash, next to what the app said about itself", async () => {
    const components = { machine_guid: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", bios: "a1b2c3d4e5f60718" };
    const started = await startSignIn({ components });
    const row = await runInDurableObject(deviceStub(started.code), (_i, state) => state.storage.sql.exec("SELECT * FROM device_authorization").one());
    expect(row).toMatchObject({
      device_code_hash: await sha256Hex(started.body.device_code),
      fingerprint: started.fingerprint,
      name: "Trading desk",
      platform: "windows",
      app_version: "1.4.2",
      components: JSON.stringify(components),
      country: null,
      status: "pending",
    });
    expect(JSON.stringify(row)).not.toContain(started.body.device_code);
  });

  it.each([
    ["no fingerprint", { fingerprint: undefined }, "fingerprint"],
    ["a short fingerprint", { fingerprint: "short" }, "fingerprint"],
    ["a name with a line break", { name: "Desk\nEvil" }, "name"],
    ["an empty components object", { components: {} }, "components"],
    ["nine components", { components: Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`c${i}`, "0123456789abcdef"])) }, "components"],
    ["a component name in capitals", { components: { BIOS: "0123456789abcdef" } }, "components.BIOS"],
    ["a component value under 8 characters", { components: { bios: "0123456" } }, "components.bios"],
    ["a component value of 129 characters", { components: { bios: "x".repeat(129) } }, "components.bios"],
    ["a component value that is not printable ASCII", { components: { bios: "01234567\u00e9" } }, "components.bios"],
  ])("refuses %s (400 INVALID_REQUEST naming the field)", async (_label, extra, path) => {
    const started = await startSignIn(extra);
    expect(started.status).toBe(400);
    expect(errorCode(started as never)).toBe("INVALID_REQUEST");
    expect((started.body as unknown as { error: { details: { fields: { path: string }[] } } }).error.details.fields.map((f) => f.path)).toContain(path);
  });
});

describe("POST /v1/device/token", () => {
  it("answers AUTHORIZATION_PENDING while the customer has not decided, SLOW_DOWN (+5 s) for a poll inside the interval", async () => {
    const { body, code } = await startSignIn();
    const first = await poll(body.device_code);
    expect([first.status, errorCode(first)]).toEqual([400, "AUTHORIZATION_PENDING"]);

    const tooSoon = await poll(body.device_code);
    expect([tooSoon.status, errorCode(tooSoon)]).toEqual([400, "SLOW_DOWN"]);
    expect(tooSoon.body.error.details).toEqual({ interval: 10 });
    const again = await poll(body.device_code);
    expect(again.body.error.details).toEqual({ interval: 15 });

    await waitedInterval(code);
    expect(errorCode(await poll(body.device_code))).toBe("AUTHORIZATION_PENDING");
  });

  it("answers an approval with the key, activation, license and a token for this machine — the same at every poll until expiry", async () => {
    const c = await signedIn(2);
    const { body, code, fingerprint } = await startSignIn();
    await poll(body.device_code);
    expect((await portalDevice(c.cookie, code, "approve")).status).toBe(200);

    // The very next poll sees it, however soon (a decision is never SLOW_DOWN).
    const granted = await poll(body.device_code);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({
      license_key: c.license_key,
      activation: { fingerprint, name: "Trading desk", platform: "windows", app_version: "1.4.2" },
      license: { id: c.license_id, seats: 2, seats_used: 1, status: "active" },
    });
    const claims = decodeJwt(granted.body.token);
    expect(claims).toMatchObject({ sub: c.license_id, act: granted.body.activation.id, fp: await sha256Hex(fingerprint), aud: "desktop" });

    const again = await poll(body.device_code);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ license_key: c.license_key, activation: granted.body.activation, license: granted.body.license });

    // The key works like any activation's: the machine validates.
    const validated = await post("/v1/licenses/validate", { license_key: again.body.license_key, fingerprint });
    expect(validated.body).toMatchObject({ valid: true, code: "VALID", activation: { id: granted.body.activation.id } });
  });

  it("gives a token that is at once the machine's desktop sync credential (it names the account)", async () => {
    const c = await signedIn(2);
    const { body, code } = await startSignIn();
    expect((await portalDevice(c.cookie, code, "approve")).status).toBe(200);
    const granted = await poll(body.device_code);
    expect(decodeJwt(granted.body.token).acc).toEqual(expect.stringMatching(/^acct_/));

    const written = await putDoc(granted.body.token, "settings", { theme: "dark" }, 0);
    expect(written.status, written.text).toBe(200);
    expect((await getDoc(granted.body.token, "settings")).body).toMatchObject({ rev: 1, updated_by: granted.body.activation.id, data: { theme: "dark" } });
  });

  it("recognises a reinstalled machine by the components it signed in with: the same activation on a full license, no seat", async () => {
    const c = await signedIn(1);
    const pc = { machine_guid: "guid-hash-0001", bios_serial: "bios-hash-0001", board_serial: "board-hash-001", disk_serial: "disk-hash-0001" };
    const before = await activate(c.license_key, fingerprintFor("before-reinstall"), { components: pc });
    expect(before.status).toBe(201);

    // Windows reinstalled: a new MachineGuid, so a new fingerprint; the app signs in again.
    const { body, code, fingerprint } = await startSignIn({
      fingerprint: fingerprintFor("after-reinstall"),
      components: { ...pc, machine_guid: "guid-hash-0002" },
    });
    const approved = await portalDevice(c.cookie, code, "approve");
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.activation).toMatchObject({ id: before.body.activation.id, fingerprint });
    const granted = await poll(body.device_code);
    expect(granted.body.license).toMatchObject({ seats: 1, seats_used: 1 });
    expect(decodeJwt(granted.body.token)).toMatchObject({ act: before.body.activation.id, fp: await sha256Hex(fingerprint) });
  });

  it("stops giving the key once the approved machine is deactivated, or the license revoked: ACCESS_DENIED", async () => {
    for (const takeBack of ["deactivate", "revoke"] as const) {
      const c = await signedIn(2);
      const { body, code } = await startSignIn();
      const approved = await portalDevice(c.cookie, code, "approve");
      expect(approved.status).toBe(200);
      if (takeBack === "deactivate") {
        // "To undo it, deactivate the machine": the app must not collect the key afterwards.
        const res = await post(`/v1/portal/machines/${approved.body.activation.id}/deactivate`, {}, asCustomer(c.cookie));
        expect(res.status, res.text).toBe(200);
      } else {
        expect((await asStaff(`/v1/admin/licenses/${c.license_id}/revoke`, { json: { reason: "chargeback" } })).status).toBe(200);
      }
      const res = await poll(body.device_code);
      expect([res.status, errorCode(res)], takeBack).toEqual([400, "ACCESS_DENIED"]);
      expect(res.body.license_key, takeBack).toBeUndefined();
    }
  });

  it("answers ACCESS_DENIED to every poll once denied", async () => {
    const c = await signedIn(2);
    const { body, code } = await startSignIn();
    expect((await portalDevice(c.cookie, code, "deny")).status).toBe(200);
    for (let i = 0; i < 2; i++) expect(errorCode(await poll(body.device_code))).toBe("ACCESS_DENIED");
  });

  it("answers EXPIRED_TOKEN past expires_in, even after an approval", async () => {
    const c = await signedIn(2);
    const { body, code } = await startSignIn();
    await portalDevice(c.cookie, code, "approve");
    await setRow(code, "expires_at", Date.now() - 1);
    expect(errorCode(await poll(body.device_code))).toBe("EXPIRED_TOKEN");
  });

  it("answers EXPIRED_TOKEN to codes it never issued: junk, a forged tag, a well-formed code of another secret, another code's secret part", async () => {
    const { body, code } = await startSignIn();
    const forgedTag = `${body.device_code.slice(0, 51)}${body.device_code.endsWith("AAAAAAAA") ? "BBBBBBBB" : "AAAAAAAA"}`;
    const ours = await newDeviceCode(env.ROUTING_SECRET, code); // our format and tag, but not the one this code was given
    for (const deviceCode of ["x", "BCDFGHJK", forgedTag, await newDeviceCode("another-secret", code), ours]) {
      const res = await poll(deviceCode);
      expect([res.status, errorCode(res)], deviceCode).toEqual([400, "EXPIRED_TOKEN"]);
    }
    // The real one still waits.
    expect(errorCode(await poll(body.device_code))).toBe("AUTHORIZATION_PENDING");
  });

  it("refuses a malformed body (400 INVALID_REQUEST)", async () => {
    expect(errorCode(await post("/v1/device/token", {}))).toBe("INVALID_REQUEST");
    expect(errorCode(await post("/v1/device/token", { device_code: "x".repeat(201) }))).toBe("INVALID_REQUEST");
    expect((await request("/v1/device/token", { method: "GET" })).status).toBe(405);
  });

  it("is throttled per address like the rest of the desktop API (429 RATE_LIMITED)", async () => {
    const { body } = await startSignIn();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const ctx = createExecutionContext();
      const res = await worker.fetch(
        new Request(`${BASE}/v1/device/token`, {
          method: "POST",
          headers: { "content-type": "application/json", "cf-connecting-ip": "2001:db8:ffff::1" },
          body: JSON.stringify({ device_code: body.device_code }),
        }),
        { ...env, THROTTLE_IP_PER_MINUTE: "2" },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 429, 429]);
  });
});

describe("the license a sign-in lands on", () => {
  it("is the account's own: a dev grant's license key comes back to the app that signed in", async () => {
    const c = await signedIn(1);
    const other = await grantLicense(1);
    const { body, code } = await startSignIn();
    await portalDevice(c.cookie, code, "approve");
    const granted = await poll(body.device_code);
    expect(granted.body.license_key).toBe(c.license_key);
    expect(granted.body.license_key).not.toBe(other.license_key);
  });
});
