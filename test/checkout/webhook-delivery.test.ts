import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { activate, uniqueEmail } from "../helpers/api";
import { accountStub, d1Rows, objectRows, setObjectDatabase } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";
import { accountOf, eventsOf, keyIn, mailTo, snapshotOf } from "../helpers/stripe-account";
import { checkoutCompleted, deliver, session } from "../fixtures/stripe-events";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import worker from "../../src/index";
import { signPayload } from "../../src/stripe/stripe-objects";

describe("Stripe webhook signatures", () => {
  const bad: [string, (evt: ReturnType<typeof checkoutCompleted>) => Promise<Awaited<ReturnType<typeof deliver>>>][] = [
    ["a wrong secret", (evt) => deliver(evt, { secret: "whsec_not_ours" })],
    ["one byte changed", (evt) => deliver(evt, { tamper: (body) => body.replace('"quantity":"1"', '"quantity":"9"') })],
    ["the JSON re-serialized", (evt) => deliver(evt, { tamper: (body) => JSON.stringify(JSON.parse(body), null, 2) })],
    ["no Stripe-Signature header", (evt) => deliver(evt, { signature: null })],
    ["a garbage header", (evt) => deliver(evt, { signature: "t=abc,v1=zzz" })],
    ["a timestamp older than 300 s", (evt) => deliver(evt, { timestamp: Math.floor(Date.now() / 1000) - 301 })],
    ["a timestamp far in the future", (evt) => deliver(evt, { timestamp: Math.floor(Date.now() / 1000) + 3600 })],
  ];
  for (const [name, send] of bad) {
    it(`rejects ${name} with 400 SIGNATURE_INVALID and changes nothing`, async () => {
      const email = uniqueEmail("sig");
      const res = await send(checkoutCompleted(session({ email })));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("SIGNATURE_INVALID");
      expect((await snapshotOf(email)).account).toBeNull();
    });
  }

  describe("a header with two t= values is read once, the way the signature is checked", () => {
    const nowS = () => Math.floor(Date.now() / 1000);
    /** A genuine signature over `signedAt`, with a second t= put before or after it. */
    async function twoTimestamps(evt: ReturnType<typeof checkoutCompleted>, signedAt: number, extra: number, order: "extra-first" | "signed-first") {
      const signed = await signPayload(JSON.stringify(evt), env.STRIPE_WEBHOOK_SECRET, signedAt);
      const v1 = signed.split(",").find((part) => part.startsWith("v1="))!;
      return order === "extra-first" ? `t=${extra},t=${signedAt},${v1}` : `t=${signedAt},t=${extra},${v1}`;
    }
    const cases: [string, () => number, "extra-first" | "signed-first"][] = [
      ["a fresh t= first, the signed one an hour ahead last", () => nowS() + 3600, "extra-first"],
      ["a fresh t= first, the signed one an hour old last", () => nowS() - 3600, "extra-first"],
      ["the signed one an hour ahead first, a fresh t= last", () => nowS() + 3600, "signed-first"],
      ["the signed one an hour old first, a fresh t= last", () => nowS() - 3600, "signed-first"],
    ];
    for (const [name, signedAt, order] of cases) {
      it(`refuses ${name}`, async () => {
        const email = uniqueEmail("sig-two-t");
        const evt = checkoutCompleted(session({ email }));
        const res = await deliver(evt, { signature: await twoTimestamps(evt, signedAt(), nowS(), order) });
        expect([res.status, res.body.error?.code]).toEqual([400, "SIGNATURE_INVALID"]);
        expect((await snapshotOf(email)).account).toBeNull();
      });
    }

    it("the timestamp that counts is the one the signature covers: signed now, with a stale t= before it, is accepted", async () => {
      const evt = checkoutCompleted(session({ email: uniqueEmail("sig-two-t-ok") }));
      const res = await deliver(evt, { signature: await twoTimestamps(evt, nowS(), nowS() + 3600, "extra-first") });
      expect(res.status).toBe(200);
    });
  });

  it("accepts a timestamp within the tolerance", async () => {
    const email = uniqueEmail("sig-ok");
    const res = await deliver(checkoutCompleted(session({ email })), { timestamp: Math.floor(Date.now() / 1000) - 200 });
    expect(res.status).toBe(200);
  });

  it("answers 200 and ignores event types it does not handle", async () => {
    const evt = { ...checkoutCompleted(session({ email: uniqueEmail() })), type: "customer.created" } as unknown as ReturnType<typeof checkoutCompleted>;
    const res = await deliver(evt);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, ignored: true });
  });
});

describe("checkout.session.completed (paid)", () => {
  it("provisions account, purchase and license, emails the key, and the key activates", async () => {
    const email = uniqueEmail("buyer");
    const res = await deliver(checkoutCompleted(session({ email, quantity: 2 })));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, applied: true });

    const snap = await snapshotOf(email);
    expect(snap.account?.email).toBe(email);
    expect(snap.licenses).toEqual([expect.objectContaining({ status: "active", seats: 4, product: "chartgpt" })]);
    expect(snap.purchases).toEqual([expect.objectContaining({ status: "paid", quantity: 2, seats: 4, amount: 29_800, currency: "usd" })]);

    const [mail] = await mailTo(email);
    expect(mail!.subject).toBe("Your ChartGPT license key");
    const key = keyIn(mail!.text);
    expect(mail!.html).toContain(key);
    expect(mail!.text).toContain("http://127.0.0.1:8788");
    expect(mail!.text).toContain("http://127.0.0.1:8789/downloads/");
    expect((await activate(key, "machine-from-email")).status).toBe(201);

    const events = await eventsOf(email);
    expect(events.map((e) => e.action)).toEqual(["account.created", "license.created", "purchase.completed", "machine.activated"]);
    expect(events.slice(0, 3).every((e) => e.actor_type === "stripe")).toBe(true);
  });

  it("applies once however often it is delivered: 3× in a row and 5× at once", async () => {
    const email = uniqueEmail("dupe");
    const evt = checkoutCompleted(session({ email }));
    const sequential = [await deliver(evt), await deliver(evt), await deliver(evt)];
    const concurrent = await Promise.all(Array.from({ length: 5 }, () => deliver(evt)));
    for (const res of [...sequential, ...concurrent]) expect(res.status).toBe(200);
    expect([...sequential, ...concurrent].filter((r) => r.body.applied)).toHaveLength(1);

    const snap = await snapshotOf(email);
    expect(snap.purchases).toHaveLength(1);
    expect(snap.licenses[0]!.seats).toBe(2);
    expect((await eventsOf(email)).filter((e) => e.action === "purchase.completed")).toHaveLength(1);
    expect(await mailTo(email)).toHaveLength(1);
  });

  it("the same session sent as two different events still provisions once", async () => {
    const email = uniqueEmail("same-session");
    const s = session({ email });
    await deliver(checkoutCompleted(s));
    await deliver(checkoutCompleted(s));
    expect((await snapshotOf(email)).licenses[0]!.seats).toBe(2);
  });

  it("two concurrent first purchases for one new email: one account, two purchases, seats summed", async () => {
    const email = uniqueEmail("twice");
    const results = await Promise.all([deliver(checkoutCompleted(session({ email }))), deliver(checkoutCompleted(session({ email, quantity: 3 })))]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const snap = await snapshotOf(email);
    expect(snap.purchases).toHaveLength(2);
    expect(snap.licenses).toHaveLength(1);
    expect(snap.licenses[0]!.seats).toBe(8);
    expect((await eventsOf(email)).filter((e) => e.action === "account.created")).toHaveLength(1);
    // Both emails carry the one key.
    const keys = (await mailTo(email)).map((m) => keyIn(m.text));
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });

  it("routes to the signed-in buyer's account (client_reference_id) even with another email at Stripe", async () => {
    const owner = uniqueEmail("owner");
    await deliver(checkoutCompleted(session({ email: owner })));
    const accountId = await accountOf(owner);
    const res = await deliver(checkoutCompleted(session({ email: uniqueEmail("typed-at-stripe"), clientReferenceId: accountId })));
    expect(res.status).toBe(200);
    const snap = await snapshotOf(owner);
    expect(snap.purchases).toHaveLength(2);
    expect(snap.licenses[0]!.seats).toBe(4);
  });
});

describe("when a backing service fails", () => {
  it("D1 down during a webhook: the effect is committed in the account object (200), and D1 converges", async () => {
    const email = uniqueEmail("d1down");
    const accountId = await accountOf(email);
    // Wake the object and break its D1 before the event arrives.
    await accountStub(accountId).snapshot();
    const d1 = withFailureSwitch(env.DB, ["batch"]);
    await setObjectDatabase(accountId, d1.binding);
    d1.failing = true;
    const res = await deliver(checkoutCompleted(session({ email })));
    expect(res.status).toBe(200);
    expect((await accountStub(accountId).flush()).ok).toBe(false);
    expect((await d1Rows(accountId)).accounts).toHaveLength(0);

    d1.failing = false;
    expect((await accountStub(accountId).flush()).ok).toBe(true);
    expect(await d1Rows(accountId)).toEqual(await objectRows(accountId));
    const purchases = await env.DB.prepare("SELECT status, seats FROM purchases WHERE account_id = ?").bind(accountId).all();
    expect(purchases.results).toEqual([{ status: "paid", seats: 2 }]);
  });

  it("email down: 503 UNAVAILABLE so Stripe retries; the retry applies nothing twice and sends the email once", async () => {
    const email = uniqueEmail("maildown");
    const evt = checkoutCompleted(session({ email }));
    const kv = withFailureSwitch(env.KV, ["put"]);
    kv.failing = true;
    const ctx = createExecutionContext();
    const payload = JSON.stringify(evt);
    const first = await worker.fetch(
      new Request("http://127.0.0.1:8787/v1/webhooks/stripe", {
        method: "POST",
        headers: { "stripe-signature": await signPayload(payload, env.STRIPE_WEBHOOK_SECRET) },
        body: payload,
      }),
      { ...env, KV: kv.binding },
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(first.status).toBe(503);
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
    expect((await snapshotOf(email)).licenses[0]!.seats).toBe(2);
    expect(await mailTo(email)).toHaveLength(0);

    const retry = await deliver(evt);
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ applied: false, duplicate: true });
    expect((await snapshotOf(email)).licenses[0]!.seats).toBe(2);
    expect(await mailTo(email)).toHaveLength(1);
    expect(await deliver(evt)).toMatchObject({ status: 200 });
    expect(await mailTo(email)).toHaveLength(1);
  });
});
