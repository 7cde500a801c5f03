/**
 * One outbox row that D1 refuses for good must not hold back the rows behind it. Here
 * D1 really refuses: a row put straight into D1 makes the object's own upsert violate
 * a UNIQUE index, as a bad import or a manual fix could.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { accountStub, alarmAt, d1Rows, outboxSize, setObjectDatabase } from "../helpers/account";
import { activate, fingerprintFor, uniqueEmail } from "../helpers/api";
import { withFailureSwitch } from "../helpers/faults";
import { asStaff } from "../helpers/staff";
import { accountOf, keyIn, mailTo } from "../helpers/stripe-account";
import { checkoutCompleted, deliver, session, uid } from "../fixtures/stripe-events";

/** Another account in D1 already holds checkout session `sessionId`: the purchases UNIQUE index will refuse ours. */
async function occupySessionInD1(sessionId: string) {
  const other = `acct_${uid("x")
    .slice(-12)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "0")}`;
  const at = new Date().toISOString();
  await env.DB.batch([
    env.DB.prepare("INSERT INTO accounts (id, email, created_at, updated_at, rev) VALUES (?, ?, ?, ?, 1)").bind(other, `${other}@example.com`, at, at),
    env.DB.prepare(
      "INSERT INTO purchases (id, account_id, product_id, license_id, checkout_session_id, payment_intent_id, quantity, seats, amount, currency, status, amount_refunded, created_at, updated_at, rev) VALUES (?, ?, 'chartgpt', NULL, ?, NULL, 1, 2, 100, 'usd', 'paid', 0, ?, ?, 1)",
    ).bind(`pur_${other}`, other, sessionId, at, at),
  ]);
}

function parkedRows(accountId: string) {
  return runInDurableObject(accountStub(accountId), (_i, state) =>
    state.storage.sql.exec("SELECT seq, kind, payload, error FROM outbox_parked ORDER BY seq").toArray(),
  );
}

/** A buyer whose purchase row D1 will refuse; returns the account, the purchase id and the key. */
async function buyerWithPoisonedPurchase() {
  const email = uniqueEmail("poison");
  const s = session({ email });
  await occupySessionInD1(s.id);
  expect((await deliver(checkoutCompleted(s))).status).toBe(200);
  const accountId = await accountOf(email);
  const purchaseId = (await accountStub(accountId).snapshot()).purchases[0]!.id;
  return { email, accountId, purchaseId, key: keyIn((await mailTo(email))[0]!.text) };
}

afterEach(() => vi.restoreAllMocks());

describe("a row D1 refuses for good", () => {
  it("is parked with an alert, and every other row — before and after it — reaches D1", async () => {
    const errors = vi.spyOn(console, "error");
    const b = await buyerWithPoisonedPurchase();
    expect(await accountStub(b.accountId).flush()).toMatchObject({ ok: true });
    expect(await outboxSize(b.accountId)).toBe(0);

    // Account, license and audit events made it; the purchase (written twice: pending, then paid) is parked.
    let d1 = await d1Rows(b.accountId);
    expect(d1.accounts).toHaveLength(1);
    expect(d1.licenses).toEqual([expect.objectContaining({ seats: 2, status: "active" })]);
    expect(d1.purchases).toEqual([]);
    const actions = (await env.DB.prepare("SELECT action FROM audit_events WHERE account_id = ?").bind(b.accountId).all()).results.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(["account.created", "license.created", "purchase.completed"]));
    const parked = await parkedRows(b.accountId);
    expect(parked.map((r) => r.kind)).toEqual(["purchase", "purchase"]);
    expect(parked.every((r) => /UNIQUE constraint failed/.test(String(r.error)))).toBe(true);
    expect(parked.map((r) => JSON.parse(String(r.payload)).id)).toEqual([b.purchaseId, b.purchaseId]);

    // An alert-worthy log line per parked row.
    const alerts = errors.mock.calls
      .map((c) => String(c[0]))
      .filter((line) => line.includes('"outbox_row_parked"'))
      .map((line) => JSON.parse(line));
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toMatchObject({ level: "error", event: "outbox_row_parked", kind: "purchase", row_id: b.purchaseId, object: b.accountId });

    // Later changes keep flowing.
    expect((await activate(b.key, fingerprintFor("after-poison"))).status).toBe(201);
    expect(await accountStub(b.accountId).flush()).toMatchObject({ ok: true });
    d1 = await d1Rows(b.accountId);
    expect(d1.machines).toEqual([expect.objectContaining({ status: "active", fingerprint: expect.stringContaining("after-poison") })]);
    expect(await outboxSize(b.accountId)).toBe(0);
  });

  it("is visible to support on the account, with what it was and why D1 refused it", async () => {
    const b = await buyerWithPoisonedPurchase();
    await accountStub(b.accountId).flush();
    const res = await asStaff(`/v1/admin/accounts/${b.accountId}`);
    expect(res.status).toBe(200);
    expect(res.body.parked_outbox).toEqual([
      {
        seq: expect.any(Number),
        kind: "purchase",
        row_id: b.purchaseId,
        rev: expect.any(Number),
        parked_at: expect.any(String),
        error: expect.stringContaining("UNIQUE constraint failed"),
      },
      {
        seq: expect.any(Number),
        kind: "purchase",
        row_id: b.purchaseId,
        rev: expect.any(Number),
        parked_at: expect.any(String),
        error: expect.stringContaining("UNIQUE constraint failed"),
      },
    ]);
  });

  it("a healthy account shows an empty list", async () => {
    const email = uniqueEmail("healthy");
    await deliver(checkoutCompleted(session({ email })));
    const accountId = await accountOf(email);
    await accountStub(accountId).flush();
    expect((await asStaff(`/v1/admin/accounts/${accountId}`)).body.parked_outbox).toEqual([]);
  });
});

describe("transient D1 failures are still retried, never parked", () => {
  it("a lost connection keeps every row and retries with backoff", async () => {
    const email = uniqueEmail("transient");
    const accountId = await accountOf(email);
    await accountStub(accountId).snapshot();
    const d1 = withFailureSwitch(env.DB, ["batch"], "D1_ERROR: Network connection lost.");
    await setObjectDatabase(accountId, d1.binding);
    d1.failing = true;
    await deliver(checkoutCompleted(session({ email })));

    const first = await accountStub(accountId).flush();
    expect(first).toMatchObject({ ok: false });
    const second = await accountStub(accountId).flush();
    expect(second).toMatchObject({ ok: false });
    if (!first.ok && !second.ok) expect(second.retryInMs).toBeGreaterThan(first.retryInMs * 1.2); // 1 s, then 2 s (±20 %)
    expect(await outboxSize(accountId)).toBeGreaterThan(0);
    expect(await alarmAt(accountId)).not.toBeNull();
    expect(await parkedRows(accountId)).toEqual([]);

    d1.failing = false;
    expect(await runDurableObjectAlarm(accountStub(accountId))).toBe(true);
    expect(await outboxSize(accountId)).toBe(0);
    expect((await d1Rows(accountId)).purchases).toHaveLength(1);
  });

  it("a lost connection while single rows are being tried stops there and retries; nothing is parked until D1 answers", async () => {
    const b0 = uniqueEmail("transient-bisect");
    const s = session({ email: b0 });
    await occupySessionInD1(s.id);
    const accountId = await accountOf(b0);
    await accountStub(accountId).snapshot();
    // The first batch reaches D1 (and is refused for good); every call after it fails as a lost connection would.
    let calls = 0;
    const flaky = new Proxy(env.DB, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== "batch") return typeof value === "function" ? value.bind(target) : value;
        return (...args: unknown[]) =>
          ++calls === 1 ? (value as (...a: unknown[]) => unknown).apply(target, args) : Promise.reject(new Error("D1_ERROR: Network connection lost."));
      },
    });
    await setObjectDatabase(accountId, flaky);
    await deliver(checkoutCompleted(s));
    const outcome = await accountStub(accountId).flush();
    expect(outcome).toMatchObject({ ok: false });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(await parkedRows(accountId)).toEqual([]);
    expect(await outboxSize(accountId)).toBeGreaterThan(0);

    await setObjectDatabase(accountId, env.DB);
    expect(await runDurableObjectAlarm(accountStub(accountId))).toBe(true);
    expect(await outboxSize(accountId)).toBe(0);
    expect((await parkedRows(accountId)).map((r) => r.kind)).toEqual(["purchase", "purchase"]);
    expect((await d1Rows(accountId)).licenses).toHaveLength(1);
  });
});
