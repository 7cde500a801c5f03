import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { activate, deactivate, fingerprintFor, grantLicense, post, validate } from "../helpers/api";
import { accountStub, auditEvents } from "../helpers/account";

const support = { actor: { type: "support" as const, id: "staff@example.com" }, requestId: null };

describe("activate", () => {
  it("gives a new machine a seat (201) with the contract's body", async () => {
    const lic = await grantLicense(2);
    const res = await activate(lic.license_key, fingerprintFor(1), { name: "Trading desk", platform: "windows", app_version: "1.4.0" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      activation: {
        id: expect.stringMatching(/^act_/),
        fingerprint: expect.any(String),
        name: "Trading desk",
        platform: "windows",
        app_version: "1.4.0",
        activated_at: expect.any(String),
        last_seen_at: expect.any(String),
      },
      license: { id: lic.license_id, status: "active", seats: 2, seats_used: 1, product: "chartgpt", entitlements: ["chartgpt"] },
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    });
  });

  it("accepts the key however a person typed it (case, spaces, O for 0, I/L for 1)", async () => {
    const lic = await grantLicense(1);
    const sloppy = ` ${lic.license_key.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "l")} `;
    const res = await activate(sloppy, fingerprintFor("typed"));
    expect(res.status, res.text).toBe(201);
    expect(res.body.license.id).toBe(lic.license_id);
  });

  it("rejects a key with one character changed, without reaching any account", async () => {
    const lic = await grantLicense(1);
    const last = lic.license_key.at(-1)!;
    const typo = lic.license_key.slice(0, -1) + (last === "Z" ? "Y" : "Z");
    const res = await activate(typo, fingerprintFor("typo"));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("LICENSE_NOT_FOUND");
  });

  it("refuses a third machine on two seats with SEAT_LIMIT_REACHED, and a freed seat is usable at once", async () => {
    const lic = await grantLicense(2);
    const [a, b, c] = [fingerprintFor("a"), fingerprintFor("b"), fingerprintFor("c")];
    expect((await activate(lic.license_key, a)).status).toBe(201);
    expect((await activate(lic.license_key, b)).status).toBe(201);
    const full = await activate(lic.license_key, c);
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe("SEAT_LIMIT_REACHED");

    const off = await deactivate(lic.license_key, a);
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ deactivated: true, license: expect.objectContaining({ seats_used: 1 }) });
    expect((await activate(lic.license_key, c)).status).toBe(201);
  });

  it("a machine activated again after deactivation gets a new activation", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("again");
    const first = await activate(lic.license_key, fp);
    await deactivate(lic.license_key, fp);
    const second = await activate(lic.license_key, fp);
    expect(second.status).toBe(201);
    expect(second.body.activation.id).not.toBe(first.body.activation.id);
  });

  it("repeat activation updates the machine's details without another seat", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("upd");
    await activate(lic.license_key, fp, { app_version: "1.0.0" });
    const again = await activate(lic.license_key, fp, { app_version: "1.1.0" });
    expect(again.status).toBe(200);
    expect(again.body.activation.app_version).toBe("1.1.0");
    expect(again.body.license.seats_used).toBe(1);
  });
});

describe("validate", () => {
  it("answers VALID with a token for an active machine and refreshes last_seen_at", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("seen");
    const act = await activate(lic.license_key, fp);
    // Pretend the machine was last seen an hour ago.
    await runInDurableObject(accountStub(lic.account_id), (instance, state) => {
      state.storage.sql.exec("UPDATE machines SET last_seen_at = ? WHERE id = ?", new Date(Date.now() - 3_600_000).toISOString(), act.body.activation.id);
      // Edited behind the object's back: make it reload its in-memory view.
      (instance as unknown as { store: { invalidate(): void } }).store.invalidate();
    });
    const res = await validate(lic.license_key, fp);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ valid: true, code: "VALID", license: { id: lic.license_id }, activation: { id: act.body.activation.id } });
    expect(Date.now() - Date.parse(res.body.activation.last_seen_at)).toBeLessThan(60_000);
    expect(res.body.token).toEqual(expect.any(String));
  });

  it("answers NOT_FOUND, NOT_ACTIVATED, SUSPENDED and REVOKED as data", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("codes");
    expect((await validate("CGPT-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", fp)).body).toEqual({ valid: false, code: "NOT_FOUND" });
    expect((await validate(lic.license_key, fp)).body).toMatchObject({ valid: false, code: "NOT_ACTIVATED", license: { id: lic.license_id } });

    await activate(lic.license_key, fp);
    await accountStub(lic.account_id).suspend({ ...support, licenseId: lic.license_id, reason: "dispute" });
    const suspended = await validate(lic.license_key, fp);
    expect(suspended.body).toMatchObject({ valid: false, code: "SUSPENDED", activation: { fingerprint: fp } });
    expect(suspended.body.token).toBeUndefined();
    const blocked = await activate(lic.license_key, fp);
    expect([blocked.status, blocked.body.error.code]).toEqual([403, "LICENSE_SUSPENDED"]);

    await accountStub(lic.account_id).revoke({ ...support, licenseId: lic.license_id, reason: "chargeback" });
    expect((await validate(lic.license_key, fp)).body).toMatchObject({ valid: false, code: "REVOKED" });
    const revoked = await activate(lic.license_key, fingerprintFor("new"));
    expect([revoked.status, revoked.body.error.code]).toEqual([403, "LICENSE_REVOKED"]);

    await accountStub(lic.account_id).restore({ ...support, licenseId: lic.license_id, reason: "resolved" });
    expect((await validate(lic.license_key, fp)).body).toMatchObject({ valid: true, code: "VALID" });
  });
});

describe("account object operations", () => {
  it("setSeats below the machines in use deactivates the newest machines first", async () => {
    const lic = await grantLicense(4);
    const fps = [0, 1, 2, 3].map((i) => fingerprintFor(`s${i}`));
    for (const fp of fps) {
      expect((await activate(lic.license_key, fp)).status).toBe(201);
      await new Promise((r) => setTimeout(r, 5));
    }
    const result = await accountStub(lic.account_id).setSeats({ ...support, licenseId: lic.license_id, seats: 2, reason: "downgrade" });
    expect(result.ok && result.deactivated).toHaveLength(2);
    const snap = await accountStub(lic.account_id).snapshot();
    expect(snap.machines.map((m) => m.fingerprint).sort()).toEqual([fps[0], fps[1]].sort());
    expect(snap.licenses[0]).toMatchObject({ seats: 2, seats_used: 2 });

    expect(await accountStub(lic.account_id).setSeats({ ...support, licenseId: lic.license_id, seats: -1 })).toEqual({ ok: false, code: "INVALID_SEATS" });
    expect(await accountStub(lic.account_id).setSeats({ ...support, licenseId: "lic_nope", seats: 3 })).toEqual({ ok: false, code: "LICENSE_NOT_FOUND" });
  });

  it("a grant id applies once; a second grant for the same email adds seats to the same license", async () => {
    const lic = await grantLicense(2);
    const again = await post("/dev/licenses", { email: lic.email, seats: 3 });
    expect(again.status).toBe(201);
    expect(again.body).toEqual({ account_id: lic.account_id, license_id: lic.license_id, license_key: lic.license_key });
    expect((await accountStub(lic.account_id).snapshot()).licenses[0]!.seats).toBe(5);

    const stub = accountStub(lic.account_id);
    const input = {
      actor: { type: "system" as const, id: "test" },
      requestId: null,
      accountId: lic.account_id,
      email: lic.email,
      productId: "chartgpt",
      seats: 1,
      grantId: "gnt_once",
      newLicense: { id: "lic_unused", keyHash: "x", keyCiphertext: "y" },
    };
    expect(await stub.grant(input)).toMatchObject({ ok: true, applied: true });
    expect(await stub.grant(input)).toMatchObject({ ok: true, applied: false });
    expect((await stub.snapshot()).licenses[0]!.seats).toBe(6);
    // Another email is not this account's: the object refuses, and the Worker would ask that email's own home.
    expect(await stub.grant({ ...input, grantId: "gnt_other", email: "someone-else@example.com" })).toEqual({ ok: false, code: "EMAIL_MOVED" });
  });
});

describe("audit trail", () => {
  it("records grant, activation and deactivation in D1 with their actors", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("audit");
    const act = await activate(lic.license_key, fp);
    const off = await deactivate(lic.license_key, fp);
    await accountStub(lic.account_id).flush();

    const events = await auditEvents(lic.account_id);
    expect(events.map((e) => [e.action, e.actor_type])).toEqual([
      ["account.created", "system"],
      ["license.created", "system"],
      ["machine.activated", "desktop"],
      ["machine.deactivated", "desktop"],
    ]);
    const activated = events[2]!;
    expect(activated).toMatchObject({ target_type: "machine", target_id: act.body.activation.id, request_id: act.headers.get("x-request-id") });
    expect(JSON.parse(String(activated.data))).toMatchObject({ license_id: lic.license_id, fingerprint: fp });
    expect(events[3]!.request_id).toBe(off.headers.get("x-request-id"));
  });

  it("repeat activations and validations do not add events", async () => {
    const lic = await grantLicense(1);
    const fp = fingerprintFor("quiet");
    await activate(lic.license_key, fp);
    await activate(lic.license_key, fp);
    await validate(lic.license_key, fp);
    await accountStub(lic.account_id).flush();
    expect((await auditEvents(lic.account_id)).filter((e) => String(e.action).startsWith("machine."))).toHaveLength(1);
  });
});
