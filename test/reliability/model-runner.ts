/**
 * Model-based test of the account object: random sequences of grants, activations (with
 * machine components that sometimes match another machine's), validations,
 * deactivations by the desktop app, the portal and support, days passing (stale seats,
 * the swap window), seat changes, revokes and restores, Stripe checkouts, refunds and
 * disputes (with duplicated and replayed events), D1 failures switched on and off, and
 * object restarts — checked step by step against a small reference model, with these
 * invariants: active machines ≤ seats; one seat per fingerprint; every event id applied
 * at most once; the customer's deactivations in any 30 days ≤ the swap limit; after the
 * last flush the D1 mirror equals the object row for row; every change has exactly one
 * audit event.
 *
 * MODEL_RUNS (default 1000) and MODEL_SEED (default fixed) make a run reproducible; a
 * failure prints its seed, path and the shrunk command list. `npm run test:soak` runs
 * many more.
 */
import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { expect, vi } from "vitest";
import type { Components } from "../../src/core/machine-match";
import { DAY_MS, SWAP_WINDOW_MS } from "../../src/core/seat-policies";
import type { AccountObject } from "../../durable-objects/account-object";
import type { StripeEffect } from "../../durable-objects/types";
import { accountStub, auditEvents, d1Rows, objectRows, setObjectDatabase } from "../helpers/account";
import { withFailureSwitch } from "../helpers/faults";
import { AccountModel, SWAPS_PER_30_DAYS, type StripeCommand } from "./account-model";

export const RUNS = Number(env.MODEL_RUNS ?? 1000);
export const SEED = Number(env.MODEL_SEED ?? 20261129);

type Command =
  | { t: "grant"; seats: number }
  | { t: "activate"; fp: number; hw: number | null; drift: number }
  | { t: "validate"; fp: number }
  | { t: "deactivate"; fp: number; by: "desktop" | "portal" | "support" }
  | { t: "days"; days: number }
  | { t: "swaps"; n: number }
  | { t: "setSeats"; seats: number }
  | { t: "revoke" }
  | { t: "restore" }
  | { t: "stripe"; event: Omit<StripeCommand, "id"> }
  | { t: "replay"; pick: number }
  | { t: "d1"; failing: boolean }
  | { t: "restart" }
  | { t: "flush" };

const sid = fc.integer({ min: 0, max: 2 }).map((n) => `s${n}`);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }).map((seats) => ({ t: "grant" as const, seats })) },
  {
    weight: 8,
    arbitrary: fc.record({
      t: fc.constant("activate" as const),
      fp: fc.integer({ min: 0, max: 5 }),
      // Three kinds of hardware (or none sent), and which of its four components changed.
      hw: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
      drift: fc.constantFrom(0, 0, 1, 2, 4, 8, 3, 12, 15),
    }),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }).map((fp) => ({ t: "validate" as const, fp })) },
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant("deactivate" as const),
      fp: fc.integer({ min: 0, max: 5 }),
      by: fc.constantFrom("desktop" as const, "portal" as const, "support" as const),
    }),
  },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 45 }).map((days) => ({ t: "days" as const, days })) },
  // A customer trying machines in a row: activate and deactivate from the desktop n times.
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((n) => ({ t: "swaps" as const, n })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }).map((seats) => ({ t: "setSeats" as const, seats })) },
  { weight: 1, arbitrary: fc.constant({ t: "revoke" as const }) },
  { weight: 1, arbitrary: fc.constant({ t: "restore" as const }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ sid, qty: fc.integer({ min: 1, max: 2 }), paid: fc.boolean() })
      .map((e) => ({ t: "stripe" as const, event: { kind: "checkout" as const, ...e } })),
  },
  { weight: 2, arbitrary: fc.record({ sid, full: fc.boolean() }).map((e) => ({ t: "stripe" as const, event: { kind: "refund" as const, ...e } })) },
  {
    weight: 2,
    arbitrary: fc
      .record({ sid, d: fc.integer({ min: 0, max: 1 }), state: fc.constantFrom("open" as const, "won" as const, "lost" as const) })
      .map(({ sid, d, state }) => ({ t: "stripe" as const, event: { kind: "dispute" as const, sid, did: `${sid}-d${d}`, state } })),
  },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ t: "replay" as const, pick })) },
  { weight: 1, arbitrary: fc.boolean().map((failing) => ({ t: "d1" as const, failing })) },
  { weight: 1, arbitrary: fc.constant({ t: "restart" as const }) },
  { weight: 1, arbitrary: fc.constant({ t: "flush" as const }) },
);

let runCounter = 0;

/** How often the sequences reached each seat-policy outcome (model.test.ts checks none is left untried). */
export const reached = { sameMachine: 0, autoReleased: 0, swapRefused: 0, seatLimit: 0 };
const ctx = (type: "desktop" | "customer" | "support" | "system") => ({ actor: { type, id: type === "desktop" ? null : "model" }, requestId: null });

/** Components of hardware `hw`, the ones in the `drift` bit mask replaced (a new part, a reinstall). */
function componentsOf(fp: number, hw: number | null, drift: number): Components | undefined {
  if (hw === null) return undefined;
  const names = ["machine_guid", "bios_serial", "board_serial", "disk_serial"];
  return Object.fromEntries(names.map((name, i) => [name, drift & (1 << i) ? `new-part-${fp}-${i}` : `hardware-${hw}-${i}`]));
}

/** Each step happens one second after the previous one, so no two machines share a time. */
const STEP_MS = 1_000;

function toEffect(e: StripeCommand, runId: string): StripeEffect {
  const sessionId = `cs_${runId}_${e.sid}`;
  const paymentIntentId = `pi_${runId}_${e.sid}`;
  if (e.kind === "checkout") {
    return {
      kind: "checkout",
      eventId: e.id,
      eventType: "checkout.session.completed",
      sessionId,
      paymentIntentId,
      email: null,
      paid: e.paid,
      quantity: e.qty,
      amount: 14_900 * e.qty,
      currency: "usd",
      productId: "chartgpt",
    };
  }
  if (e.kind === "refund") {
    return {
      kind: "refund",
      eventId: e.id,
      eventType: "charge.refunded",
      paymentIntentId,
      chargeId: `ch_${runId}_${e.sid}`,
      amountRefunded: e.full ? 1_000_000 : 100,
      fullyRefunded: e.full,
    };
  }
  return {
    kind: "dispute",
    eventId: e.id,
    eventType: `charge.dispute.${e.state === "open" ? "created" : "closed"}`,
    paymentIntentId,
    disputeId: `dp_${runId}_${e.did}`,
    state: e.state,
  };
}

async function runSequence(commands: Command[]): Promise<void> {
  const runId = `m${(runCounter++).toString(36)}${Date.now().toString(36)}`;
  const accountId = `acct_${runId.padEnd(12, "0").slice(0, 12)}`;
  const keyHash = `hash-${runId}`;
  const model = new AccountModel(Date.now());
  const sent: StripeCommand[] = [];
  const d1 = withFailureSwitch(env.DB, ["batch"]);
  const stub = () => accountStub(accountId);
  const newLicense = { id: `lic_${runId}`, keyHash, keyCiphertext: "v1.model" };

  // The account exists from the start: a first grant of 2 seats.
  await stub().grant({ ...ctx("system"), accountId, email: `${runId}@example.com`, productId: "chartgpt", seats: 2, grantId: `g0_${runId}`, newLicense });
  model.grant(2);

  // Commands run inside the object in segments: synchronous decisions, as requests would be.
  let segment: Command[] = [];
  const runSegment = async () => {
    if (segment.length === 0) return;
    const batch = segment;
    segment = [];
    await runInDurableObject(stub(), (instance: AccountObject) => {
      let g = 0;
      // The object's clock is the model's for the segment (the object reads Date.now()).
      const clock = vi.spyOn(Date, "now").mockImplementation(() => model.now);
      try {
        for (const c of batch) {
          model.tick(STEP_MS);
          switch (c.t) {
            case "grant": {
              const r = instance.grant({
                ...ctx("system"),
                accountId,
                email: `${runId}@example.com`,
                productId: "chartgpt",
                seats: c.seats,
                grantId: `g_${runId}_${++g}_${Math.random()}`,
                newLicense,
              });
              expect(r.ok).toBe(true);
              model.grant(c.seats);
              break;
            }
            case "activate": {
              const components = componentsOf(c.fp, c.hw, c.drift);
              const before = instance.snapshot().machines;
              const r = instance.activate({ ...ctx("desktop"), keyHash, fingerprint: `fp-${c.fp}`, components });
              const expected = model.activate(`fp-${c.fp}`, components ?? null);
              const kind = !r.ok
                ? r.code
                : r.created
                  ? "created"
                  : before.some((m) => m.id === r.activation.id && m.fingerprint === `fp-${c.fp}`)
                    ? "reused"
                    : "same_machine";
              expect(kind).toBe(expected);
              if (kind === "same_machine") reached.sameMachine++;
              if (kind === "SEAT_LIMIT_REACHED") reached.seatLimit++;
              break;
            }
            case "validate":
              expect(instance.validate({ ...ctx("desktop"), keyHash, fingerprint: `fp-${c.fp}` }).code).toBe(model.validate(`fp-${c.fp}`));
              break;
            case "deactivate": {
              const fingerprint = `fp-${c.fp}`;
              const expected = model.deactivate(fingerprint, c.by !== "support");
              const activationId = instance.snapshot().machines.find((m) => m.fingerprint === fingerprint)?.id ?? "act_none";
              const r =
                c.by === "desktop"
                  ? instance.deactivate({ ...ctx("desktop"), keyHash, fingerprint })
                  : instance.deactivateMachine({ ...ctx(c.by === "portal" ? "customer" : "support"), activationId, swap: c.by === "portal" });
              expect(r.ok ? true : r.code === "DEACTIVATION_LIMIT_REACHED" ? r.code : false).toBe(expected);
              if (expected === "DEACTIVATION_LIMIT_REACHED") reached.swapRefused++;
              break;
            }
            case "days":
              model.tick(c.days * DAY_MS);
              break;
            case "swaps":
              for (let i = 0; i < c.n; i++) {
                const fingerprint = `fp-swap-${i}`;
                const activated = instance.activate({ ...ctx("desktop"), keyHash, fingerprint });
                expect(activated.ok ? (activated.created ? "created" : "reused") : activated.code).toBe(model.activate(fingerprint, null));
                model.tick(STEP_MS);
                const r = instance.deactivate({ ...ctx("desktop"), keyHash, fingerprint });
                const expected = model.deactivate(fingerprint, true);
                expect(r.ok ? true : r.code === "DEACTIVATION_LIMIT_REACHED" ? r.code : false).toBe(expected);
                if (expected === "DEACTIVATION_LIMIT_REACHED") reached.swapRefused++;
                model.tick(STEP_MS);
              }
              break;
            case "setSeats":
              expect(instance.setSeats({ ...ctx("support"), licenseId: newLicense.id, seats: c.seats }).ok).toBe(true);
              model.setSeats(c.seats);
              break;
            case "revoke":
            case "restore":
              instance[c.t]({ ...ctx("support"), licenseId: newLicense.id });
              model.setStatus(c.t === "revoke" ? "revoked" : "active");
              break;
            case "stripe":
            case "replay": {
              const event: StripeCommand | undefined =
                c.t === "stripe" ? ({ ...c.event, id: `evt_${runId}_${sent.length}` } as StripeCommand) : sent[c.pick % Math.max(1, sent.length)];
              if (!event) break;
              if (c.t === "stripe") sent.push(event);
              const before = instance.snapshot();
              const appliedBefore = model.appliedEvents.has(event.id);
              const r = instance.applyStripe({ accountId, effect: toEffect(event, runId), requestId: null, newLicense });
              expect(r.ok).toBe(model.stripe(event));
              // An event refused earlier (its purchase unknown then) may apply now; one
              // that applied before never does again.
              if (appliedBefore) {
                // Applied at most once: a replayed event id changes nothing at all.
                expect(r.ok && r.duplicate).toBe(true);
                expect(instance.snapshot()).toEqual(before);
              }
              break;
            }
          }
          // Checked after every step, against the model and the invariants.
          const snap = instance.snapshot();
          const license = snap.licenses[0]!;
          expect({ seats: license.seats, status: license.status, machines: snap.machines.map((m) => m.fingerprint) }).toEqual({
            seats: model.seats,
            status: model.status,
            machines: model.active,
          });
          expect(snap.machines.length).toBeLessThanOrEqual(Math.max(license.seats, 0));
          expect(new Set(snap.machines.map((m) => m.fingerprint)).size).toBe(snap.machines.length);
        }
      } finally {
        clock.mockRestore();
      }
    });
  };

  for (const c of commands) {
    if (c.t === "d1" || c.t === "restart" || c.t === "flush") {
      await runSegment();
      if (c.t === "d1") {
        d1.failing = c.failing;
        await setObjectDatabase(accountId, d1.binding);
      } else if (c.t === "restart") {
        await abortAllDurableObjects();
        await setObjectDatabase(accountId, d1.binding); // the new instance gets the same (maybe failing) D1
      } else {
        await stub().flush();
      }
    } else {
      segment.push(c);
    }
  }
  await runSegment();

  // D1 recovers; after the last flush the mirror equals the object, row for row.
  d1.failing = false;
  await setObjectDatabase(accountId, d1.binding);
  expect(await stub().flush()).toMatchObject({ ok: true });
  const object = await objectRows(accountId);
  expect(await d1Rows(accountId)).toEqual(object);

  // Every change has exactly one audit event.
  const events = await auditEvents(accountId);
  const count = (action: string) => events.filter((e) => e.action === action).length;
  expect(count("machine.activated")).toBe(model.activations);
  expect(count("machine.activated")).toBe(object.machines.length);
  expect(count("machine.deactivated")).toBe(model.deactivations);
  expect(count("machine.auto_released")).toBe(model.autoReleases);
  reached.autoReleased += model.autoReleases;
  expect(count("machine.deactivated") + count("machine.auto_released")).toBe(object.machines.filter((m) => m.status === "deactivated").length);
  expect(count("machine.fingerprint_changed")).toBe(model.fingerprintChanges);
  expect(events.filter((e) => e.action === "machine.auto_released").every((e) => e.actor_type === "system")).toBe(true);

  // The customer's deactivations (desktop app, portal), by their audit times: never more
  // than the limit in any 30 days.
  const swaps = events
    .filter((e) => e.action === "machine.deactivated" && (e.actor_type === "desktop" || e.actor_type === "customer"))
    .map((e) => Date.parse(String(e.at)))
    .sort((a, b) => a - b);
  for (const [i, at] of swaps.entries()) {
    expect(swaps.filter((t) => t > at - SWAP_WINDOW_MS && t <= at).length, `swaps in the 30 days up to swap ${i}`).toBeLessThanOrEqual(SWAPS_PER_30_DAYS);
  }
  expect(swaps.length).toBe(model.swaps.length);
  expect(count("license.created") + count("license.seats_changed")).toBe(model.seatChanges);
  expect(count("account.created")).toBe(1);
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

  // Done with this account: its safety-net alarm has nothing left to do.
  await runInDurableObject(stub(), (_i, state) => state.storage.deleteAlarm());
}

/** Runs RUNS random sequences from SEED. */
export async function runModel(): Promise<void> {
  await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 30, size: "medium" }), runSequence), {
    numRuns: RUNS,
    seed: SEED,
    endOnFailure: true,
  });
}
