import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { applyToD1, type OutboxRecord } from "../../durable-objects/d1-mirror";
import { activate, deactivate, fingerprintFor, grantLicense } from "../helpers/api";
import { accountStub, alarmAt, d1Rows, objectRows, outboxSize, setObjectDatabase } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";

async function expectConverged(accountId: string) {
  const [object, d1] = [await objectRows(accountId), await d1Rows(accountId)];
  expect(d1).toEqual(object);
}

describe("write-through to D1 with a transactional outbox", () => {
  it("flushes every committed change to D1 without being asked", async () => {
    const lic = await grantLicense(2);
    await activate(lic.license_key, fingerprintFor(1));
    // The background flush runs after the answer; give it a moment, then look.
    await expect.poll(() => outboxSize(lic.account_id), { timeout: 5_000 }).toBe(0);
    await expectConverged(lic.account_id);
  });

  it("keeps answering while D1 is down, keeps the rows, and converges by alarm once D1 is back", async () => {
    const lic = await grantLicense(3);
    await accountStub(lic.account_id).flush();
    const d1 = withFailureSwitch(env.DB, ["batch", "exec"]);
    await setObjectDatabase(lic.account_id, d1.binding);
    d1.failing = true;

    const first = await activate(lic.license_key, fingerprintFor("a"));
    const second = await activate(lic.license_key, fingerprintFor("b"));
    const gone = await deactivate(lic.license_key, first.body.activation.fingerprint);
    expect([first.status, second.status, gone.status]).toEqual([201, 201, 200]);
    expect(second.body.license.seats_used).toBe(2);

    // The flush that followed each commit failed: the rows wait in the outbox, an alarm is set.
    const outcome = await accountStub(lic.account_id).flush();
    expect(outcome).toMatchObject({ ok: false });
    expect(await outboxSize(lic.account_id)).toBeGreaterThan(0);
    expect(await alarmAt(lic.account_id)).not.toBeNull();
    expect(d1.calls.batch).toBeGreaterThan(0);
    expect((await d1Rows(lic.account_id)).machines).toHaveLength(0);

    d1.failing = false;
    expect(await runDurableObjectAlarm(accountStub(lic.account_id))).toBe(true);
    expect(await outboxSize(lic.account_id)).toBe(0);
    await expectConverged(lic.account_id);
    const converged = await d1Rows(lic.account_id);
    expect(converged.machines.map((m) => m.status).sort()).toEqual(["active", "deactivated"]);

    // An alarm that fires a second time finds nothing to do and changes nothing.
    const eventsBefore = (await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE account_id = ?").bind(lic.account_id).first<{ n: number }>())!.n;
    const batchesBefore = d1.calls.batch;
    await runInDurableObject(accountStub(lic.account_id), (_i, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(accountStub(lic.account_id))).toBe(true);
    expect(d1.calls.batch).toBe(batchesBefore);
    expect(await d1Rows(lic.account_id)).toEqual(converged);
    const eventsAfter = (await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE account_id = ?").bind(lic.account_id).first<{ n: number }>())!.n;
    expect(eventsAfter).toBe(eventsBefore);
  });

  it("an object restarted with pending rows and no alarm re-arms its alarm in the constructor", async () => {
    const lic = await grantLicense(2);
    await accountStub(lic.account_id).flush();
    const d1 = withFailureSwitch(env.DB, ["batch"]);
    await setObjectDatabase(lic.account_id, d1.binding);
    d1.failing = true;
    expect((await activate(lic.license_key, fingerprintFor("r"))).status).toBe(201);
    await accountStub(lic.account_id).flush();
    await runInDurableObject(accountStub(lic.account_id), (_i, state) => state.storage.deleteAlarm());
    expect(await alarmAt(lic.account_id)).toBeNull();

    await abortAllDurableObjects();

    // The new instance (constructed by this call) has the real D1 again and an alarm set.
    expect(await outboxSize(lic.account_id)).toBeGreaterThan(0);
    expect(await alarmAt(lic.account_id)).not.toBeNull();
    expect(await runDurableObjectAlarm(accountStub(lic.account_id))).toBe(true);
    expect(await outboxSize(lic.account_id)).toBe(0);
    await expectConverged(lic.account_id);
  });

  it("an alarm whose flush fails does not throw: it re-arms itself with backoff, however many times it ran", async () => {
    const lic = await grantLicense(2);
    await accountStub(lic.account_id).flush();
    const d1 = withFailureSwitch(env.DB, ["batch"]);
    await setObjectDatabase(lic.account_id, d1.binding);
    d1.failing = true;
    await activate(lic.license_key, fingerprintFor("x"));
    await accountStub(lic.account_id).flush();

    for (let attempt = 0; attempt < 7; attempt++) {
      expect(await runDurableObjectAlarm(accountStub(lic.account_id))).toBe(true);
      expect(await alarmAt(lic.account_id)).not.toBeNull();
    }
    const failures = await runInDurableObject(accountStub(lic.account_id), (_i, state) =>
      Number(state.storage.sql.exec("SELECT value FROM meta WHERE key = 'flush_failures'").one().value),
    );
    expect(failures).toBeGreaterThanOrEqual(8);
    expect(await outboxSize(lic.account_id)).toBeGreaterThan(0);

    d1.failing = false;
    expect(await runDurableObjectAlarm(accountStub(lic.account_id))).toBe(true);
    await expectConverged(lic.account_id);
  });

  it("a stale or repeated write never moves D1 backwards (rev guard)", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("rev");
    await activate(lic.license_key, fp);
    await deactivate(lic.license_key, fp);
    await accountStub(lic.account_id).flush();
    const latest = await d1Rows(lic.account_id);
    const machine = latest.machines[0]!;
    expect(machine.status).toBe("deactivated");

    // Replay an older version of the row, as a late duplicate batch would.
    const older = { ...machine, status: "active", deactivated_at: null, rev: Number(machine.rev) - 1 } as OutboxRecord["row"];
    await applyToD1(env.DB, [{ kind: "machine", row: older } as OutboxRecord]);
    expect(await d1Rows(lic.account_id)).toEqual(latest);

    // Replaying the very same audit event is a no-op as well.
    const event = (await env.DB.prepare("SELECT * FROM audit_events WHERE account_id = ? LIMIT 1").bind(lic.account_id).first())!;
    await applyToD1(env.DB, [{ kind: "audit", row: event } as unknown as OutboxRecord]);
    const count = await env.DB.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE id = ?").bind(event.id).first<{ n: number }>();
    expect(count!.n).toBe(1);
  });
});

describe("atomicity of one decision", () => {
  it("a decision that fails halfway leaves nothing behind: not in storage, not in memory, not in the outbox", async () => {
    const lic = await grantLicense(2);
    await accountStub(lic.account_id).flush();
    const before = await objectRows(lic.account_id);

    const outcome = await runInDurableObject(accountStub(lic.account_id), (instance) => {
      const object = instance as unknown as { commit<T>(decide: () => T): T; store: import("../../durable-objects/account-store").AccountStore };
      try {
        object.commit(() => {
          const license = object.store.licenses()[0]!;
          const change = object.store.change(Date.now(), { actor: { type: "system", id: "test" }, requestId: null }, lic.account_id);
          change.putLicense({ ...license, seats: 99, updated_at: change.at });
          change.audit("license.seats_changed", { type: "license", id: license.id }, { to: 99 });
          throw new Error("crash between two steps");
        });
        return "no error";
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(outcome).toBe("crash between two steps");
    expect(await objectRows(lic.account_id)).toEqual(before);
    expect(await outboxSize(lic.account_id)).toBe(0);
    expect((await accountStub(lic.account_id).snapshot()).licenses[0]!.seats).toBe(2);
    // And the object keeps working.
    expect((await activate(lic.license_key, fingerprintFor("after"))).status).toBe(201);
  });
});
