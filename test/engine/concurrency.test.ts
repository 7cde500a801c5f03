import { describe, expect, it } from "vitest";
import { activate, deactivate, fingerprintFor, grantLicense } from "../helpers/api";
import { env } from "cloudflare:workers";
import { accountStub, backdate, d1Rows, objectRows, setObjectDatabase } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";

/** Small deterministic PRNG (mulberry32) so a failing burst can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("seat limits under concurrency", () => {
  it("200 concurrent activations of distinct machines on a 3-seat license: exactly 3 win, everywhere", async () => {
    const lic = await grantLicense(3);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => activate(lic.license_key, fingerprintFor(i))));

    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(197);
    for (const r of results.filter((r) => r.status === 409)) expect(r.body.error.code).toBe("SEAT_LIMIT_REACHED");

    const snapshot = await accountStub(lic.account_id).snapshot();
    expect(snapshot.machines).toHaveLength(3);
    expect(snapshot.licenses[0]).toMatchObject({ seats: 3, seats_used: 3 });

    await accountStub(lic.account_id).flush();
    const d1 = await d1Rows(lic.account_id);
    expect(d1.machines.filter((m) => m.status === "active")).toHaveLength(3);
    expect(d1.machines).toHaveLength(3);
  });

  it("50 concurrent activations of one machine: one seat, one activation id", async () => {
    const lic = await grantLicense(2);
    const fp = fingerprintFor("same");
    const results = await Promise.all(Array.from({ length: 50 }, () => activate(lic.license_key, fp)));

    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(49);
    const ids = new Set(results.map((r) => r.body.activation.id));
    expect(ids.size).toBe(1);
    for (const r of results) expect(r.body.license.seats_used).toBe(1);

    await accountStub(lic.account_id).flush();
    expect((await d1Rows(lic.account_id)).machines).toHaveLength(1);
  });

  it("randomized interleaved activate/deactivate bursts: D1 mirrors the object row for row", async () => {
    const seed = 20261129;
    const random = prng(seed);
    const lic = await grantLicense(4);
    const fleet = Array.from({ length: 9 }, (_, i) => fingerprintFor(`fleet-${i}`));

    for (let round = 0; round < 8; round++) {
      const burst = Array.from({ length: 24 }, () => {
        const fp = fleet[Math.floor(random() * fleet.length)]!;
        return random() < 0.6 ? activate(lic.license_key, fp) : deactivate(lic.license_key, fp);
      });
      const results = await Promise.all(burst);
      // Every answer is a contract answer, never a failure (a burst may use up the swaps).
      for (const r of results) {
        const answer = r.status === 429 ? r.body.error.code : r.status;
        expect([200, 201, 404, 409, "DEACTIVATION_LIMIT_REACHED"], `seed ${seed} round ${round}: ${r.text}`).toContain(answer);
      }
      // This test is about mirroring many changes, not the swap limit: each round starts
      // with the swaps of the last 30 days behind it.
      await backdate(lic.account_id, { swapsByDays: 31 });

      const snapshot = await accountStub(lic.account_id).snapshot();
      expect(snapshot.machines.length, `seed ${seed}`).toBeLessThanOrEqual(4);
      expect(new Set(snapshot.machines.map((m) => m.fingerprint)).size).toBe(snapshot.machines.length);
    }

    const outcome = await accountStub(lic.account_id).flush();
    expect(outcome.ok).toBe(true);
    const [object, d1] = [await objectRows(lic.account_id), await d1Rows(lic.account_id)];
    expect(object.machines.length).toBeGreaterThan(4);
    expect(d1.machines).toEqual(object.machines);
    expect(d1.licenses).toEqual(object.licenses);
    expect(d1.accounts).toEqual(object.accounts);
  });

  it("a slow D1 never lets a deactivation and an activation lose an update", async () => {
    const lic = await grantLicense(1);
    await accountStub(lic.account_id).flush();
    const slow = withFailureSwitch(env.DB, ["batch"]);
    slow.delayMs = 150;
    await setObjectDatabase(lic.account_id, slow.binding);
    const [a, b] = [fingerprintFor("slow-a"), fingerprintFor("slow-b")];

    expect((await activate(lic.license_key, a)).status).toBe(201);
    // While the write-through of that activation is still stuck in D1, the seat moves to b
    // and a is refused: each decision sees the previous one, none waits for D1.
    expect((await deactivate(lic.license_key, a)).status).toBe(200);
    expect((await activate(lic.license_key, b)).status).toBe(201);
    expect((await activate(lic.license_key, a)).status).toBe(409);
    expect(slow.calls.batch).toBeGreaterThan(0);

    const snapshot = await accountStub(lic.account_id).snapshot();
    expect(snapshot.machines.map((m) => m.fingerprint)).toEqual([b]);
    expect(await accountStub(lic.account_id).flush()).toMatchObject({ ok: true });
    expect(await d1Rows(lic.account_id)).toEqual(await objectRows(lic.account_id));
  });
});
