import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { hashSecret } from "../../src/auth/secrets";
import { activate, fingerprintFor } from "../helpers/api";
import { accountStub, alarmAt, outboxSize, setObjectDatabase } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";
import { cookieFrom, latestLink, openLive, redeem, requestLink, signedIn, tokenOf } from "../helpers/portal";

const hashOf = (cookie: string) => hashSecret(cookie.slice(cookie.indexOf("=") + 1));

function sessionRow(accountId: string, hash: string) {
  return runInDurableObject(accountStub(accountId), (_i, state) =>
    state.storage.sql
      .exec<{ expires_at: number; absolute_expires_at: number }>("SELECT expires_at, absolute_expires_at FROM sessions WHERE hash = ?", hash)
      .one(),
  );
}

function setSession(accountId: string, hash: string, column: "expires_at" | "absolute_expires_at", value: number) {
  return runInDurableObject(
    accountStub(accountId),
    (_i, state) => void state.storage.sql.exec(`UPDATE sessions SET ${column} = ? WHERE hash = ?`, value, hash),
  );
}

/** A customer with an open live socket, the outbox flushed, and the alarm left for the session. */
async function watching() {
  const c = await signedIn(2);
  const live = await openLive(c.cookie);
  await expect.poll(() => live.messages.length).toBe(1);
  // Sign-in armed the outbox's alarm; once it has run, the one left is the session's.
  await runDurableObjectAlarm(accountStub(c.account_id));
  return { ...c, live, hash: await hashOf(c.cookie) };
}

describe("live sockets end with their session", () => {
  it("the object's alarm is set for the session's deadline, and closes the socket once the session has expired idle", async () => {
    const w = await watching();
    expect(await alarmAt(w.account_id)).toBe((await sessionRow(w.account_id, w.hash)).expires_at);

    await setSession(w.account_id, w.hash, "expires_at", Date.now() - 1);
    expect(await runDurableObjectAlarm(accountStub(w.account_id))).toBe(true);
    await expect.poll(() => w.live.closed()?.code).toBe(4001);
  });

  it("closes at the 30-day limit too, however recently the session was used", async () => {
    const w = await watching();
    await setSession(w.account_id, w.hash, "absolute_expires_at", Date.now() - 1);
    expect(await runDurableObjectAlarm(accountStub(w.account_id))).toBe(true);
    await expect.poll(() => w.live.closed()?.code).toBe(4001);
  });

  it("a ping on a socket whose session has expired closes it instead of answering", async () => {
    const w = await watching();
    await setSession(w.account_id, w.hash, "expires_at", Date.now() - 1);
    w.live.ws.send("ping");
    await expect.poll(() => w.live.closed()?.code).toBe(4001);
    expect(w.live.messages.some((m) => m.type === "pong")).toBe(false);
  });

  it("leaves the sockets of sessions still good open, and moves the alarm to the next deadline", async () => {
    const w = await watching();
    await requestLink(w.email);
    const other = cookieFrom((await redeem(tokenOf(await latestLink(w.email, 1)))).headers.get("set-cookie"));
    const second = await openLive(other);
    await expect.poll(() => second.messages.length).toBe(1);
    const otherHash = await hashOf(other);
    await runDurableObjectAlarm(accountStub(w.account_id)); // the second sign-in's flush

    await setSession(w.account_id, w.hash, "expires_at", Date.now() - 1);
    expect(await runDurableObjectAlarm(accountStub(w.account_id))).toBe(true);
    await expect.poll(() => w.live.closed()?.code).toBe(4001);
    expect(second.closed()).toBeNull();
    expect(await alarmAt(w.account_id)).toBe((await sessionRow(w.account_id, otherHash)).expires_at);
    await activate(w.license_key, fingerprintFor("still-live"));
    await expect.poll(() => second.messages.length).toBe(2);
  });

  it("shares the alarm with the outbox: a flush retry is never pushed back by a session's deadline, and the deadline returns after the flush", async () => {
    const w = await watching();
    const deadline = (await sessionRow(w.account_id, w.hash)).expires_at;
    const d1 = withFailureSwitch(env.DB, ["batch"]);
    await setObjectDatabase(w.account_id, d1.binding);
    d1.failing = true;
    await activate(w.license_key, fingerprintFor("retry"));
    await expect.poll(async () => (await alarmAt(w.account_id))! - Date.now(), { timeout: 2_000 }).toBeLessThan(10_000);

    // A new live socket (its session's deadline a week away) leaves the retry where it is.
    const again = await openLive(w.cookie);
    await expect.poll(() => again.messages.length).toBe(1);
    expect((await alarmAt(w.account_id))! - Date.now()).toBeLessThan(10_000);

    d1.failing = false;
    expect(await runDurableObjectAlarm(accountStub(w.account_id))).toBe(true);
    expect(await outboxSize(w.account_id)).toBe(0);
    expect(await alarmAt(w.account_id)).toBeGreaterThanOrEqual(deadline);
    expect(w.live.closed()).toBeNull();
  });

  it("a session's far deadline never holds back the outbox: restarted with rows pending and only that alarm set, the object re-arms for the flush", async () => {
    const w = await watching();
    const deadline = (await sessionRow(w.account_id, w.hash)).expires_at;
    const d1 = withFailureSwitch(env.DB, ["batch"]);
    await setObjectDatabase(w.account_id, d1.binding);
    d1.failing = true;
    await activate(w.license_key, fingerprintFor("restart"));
    await accountStub(w.account_id).flush();
    await runInDurableObject(accountStub(w.account_id), (_i, state) => state.storage.setAlarm(deadline));

    await abortAllDurableObjects();

    // The new instance (constructed by this call) has the real D1 again.
    expect(await outboxSize(w.account_id)).toBeGreaterThan(0);
    expect((await alarmAt(w.account_id))! - Date.now()).toBeLessThan(10_000);
    expect(await runDurableObjectAlarm(accountStub(w.account_id))).toBe(true);
    expect(await outboxSize(w.account_id)).toBe(0);
  });
});
