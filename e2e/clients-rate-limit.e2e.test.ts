/**
 * RATE_LIMITED against the real throttle: the license's per-minute limit
 * (THROTTLE_LICENSE_PER_MINUTE of the stack's .dev.vars, 1200) is used up with plain
 * requests, then both command-line programs validate. CLIENTS.md: 429 is transient —
 * retried, honouring Retry-After — and keeps offline grace.
 *
 * Both clients wait out a Retry-After of up to 30 s. So, depending on how much of the
 * window is left when they ask:
 * - a short one (≤ 25 s here) is waited out, and the retry in the next window is VALID;
 * - a long one (≥ 35 s here) is not waited for: validate answers at once from the stored
 *   token (VALID_OFFLINE, the token kept), and an activation, with no token to fall back
 *   on, reports RATE_LIMITED (exit 1) and stores nothing.
 *
 * One window serves both programs (they run side by side on one license), and the test
 * schedules itself by the clock: it takes one to two windows (≈ 60–90 s).
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiUrl } from "./api";
import { PROGRAMS, expectOutcome, runClient, type ClientProgram } from "./client-cli";
import { devVar, exportKeys, grantLicense, machine, type Grant } from "./client-stack";
import { exhaust, nextWindow, probe, sleepUntilLeft, type Burst } from "./throttle";

const work = mkdtempSync(join(tmpdir(), "clients-rate-limit-"));
const keysFile = join(work, "pinned", "keys.json");
const LIMIT = Number(devVar("THROTTLE_LICENSE_PER_MINUTE"));
/** The longest Retry-After both clients wait out (RetryPolicy.cs MaxRetryAfter, retry.ts maxRetryAfterMs). */
const MAX_RETRY_AFTER = 30;

beforeAll(async () => {
  mkdirSync(join(work, "pinned"));
  exportKeys(keysFile);
  for (const program of PROGRAMS) await runClient(program, ["status", "--state", join(work, `warm-up-${program.name}`)]);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("both command-line programs when the license is rate limited", () => {
  let grant: Grant;
  const seated = new Map<ClientProgram, { dir: string; fp: string }>();

  const cli = (program: ClientProgram, command: string, m: { dir: string; fp: string }, key?: string) =>
    runClient(program, [command, "--api", apiUrl(), "--state", m.dir, "--fingerprint", m.fp, "--keys", keysFile, ...(key ? ["--key", key] : [])]);
  const bothPrograms = <T>(f: (program: ClientProgram) => Promise<T>) => Promise.all(PROGRAMS.map(f));

  /** Uses up the license's window; the number of requests it took is the configured limit. */
  async function useUpWindow(): Promise<Burst> {
    const burst = await exhaust(grant.license_key, 3 * LIMIT);
    console.info(`[rate-limit] ${burst.inWindow} requests in the window, 429 after ${burst.ms} ms, Retry-After ${burst.retryAfter} s`);
    // Activations and validations of this test may share the window: a few dozen at most.
    expect(burst.inWindow, `429 after ${burst.inWindow} requests in ${burst.ms} ms`).toBeGreaterThan(LIMIT - 40);
    expect(burst.inWindow).toBeLessThanOrEqual(LIMIT + 40);
    return burst;
  }

  /** Retry-After that both wait out: they retry in the next window and validate online. */
  async function shortWait(program: ClientProgram): Promise<void> {
    const retryAfter = (await probe(grant.license_key))!;
    expect(retryAfter, "still limited when the program starts").toBeGreaterThanOrEqual(5);
    expect(retryAfter).toBeLessThanOrEqual(25);
    const run = await cli(program, "validate", seated.get(program)!);
    expectOutcome(run, { code: "VALID", ok: true, valid: true, offline: false, exit: 0 });
    // Backoff alone (≤ 3.5 s in all) would have given up inside the limited window.
    expect(run.ms, `${program.name} waited for the window (Retry-After ${retryAfter} s)`).toBeGreaterThanOrEqual((retryAfter - 1.5) * 1000);
  }

  /** Retry-After beyond what they wait: no waiting; grace kept; nothing to fall back on → RATE_LIMITED. */
  async function longWait(program: ClientProgram): Promise<void> {
    const retryAfter = (await probe(grant.license_key))!;
    expect(retryAfter).toBeGreaterThan(MAX_RETRY_AFTER + 3);
    const seat = seated.get(program)!;
    const newcomer = { dir: mkdtempSync(join(work, `${program.name}-newcomer-`)), fp: machine(`${program.name}-newcomer`) };
    const token = program.state.readToken(seat.dir);
    // Both at once, while the Retry-After is still well past what the programs wait.
    const [run, activation] = await Promise.all([cli(program, "validate", seat), cli(program, "activate", newcomer, grant.license_key)]);

    expectOutcome(run, { code: "VALID_OFFLINE", ok: true, valid: true, offline: true, exit: 0 });
    expect(run.out.message).toContain("RATE_LIMITED");
    expect(run.ms, `${program.name} did not wait ${retryAfter} s`).toBeLessThan(10_000);
    expect(program.state.readToken(seat.dir)).toBe(token);
    expectOutcome(await cli(program, "status", seat), { code: "VALID_OFFLINE", valid: true, exit: 0 });

    expectOutcome(activation, { code: "RATE_LIMITED", ok: false, exit: 1 });
    expect(activation.ms).toBeLessThan(10_000);
    expectOutcome(await cli(program, "status", newcomer), { code: "NO_STATE", valid: false, exit: 2 });
  }

  beforeAll(async () => {
    grant = await grantLicense(4);
    await bothPrograms(async (program) => {
      const m = { dir: mkdtempSync(join(work, `${program.name}-seat-`)), fp: machine(`${program.name}-seat`) };
      expectOutcome(await cli(program, "activate", m, grant.license_key), { code: "ACTIVATED", ok: true, exit: 0 });
      seated.set(program, m);
    });
  });

  it(`honours Retry-After up to ${MAX_RETRY_AFTER} s, then validates online; beyond it keeps offline grace (VALID_OFFLINE) and a new activation is RATE_LIMITED (exit 1)`, async () => {
    expect(LIMIT, "THROTTLE_LICENSE_PER_MINUTE in .dev.vars").toBeGreaterThan(0);
    // At the ~100 requests/s wrangler dev serves here, more would not fit in one window.
    expect(LIMIT, "THROTTLE_LICENSE_PER_MINUTE is too high to use up within a minute").toBeLessThanOrEqual(3000);
    let burst = await useUpWindow();
    if (burst.retryAfter < 7) {
      // Too little of the window left to tell waiting from backoff: use the next one.
      await nextWindow();
      burst = await useUpWindow();
    }
    const longFirst = burst.retryAfter >= MAX_RETRY_AFTER + 8;
    if (longFirst) await bothPrograms(longWait);
    await sleepUntilLeft(16);
    await bothPrograms(shortWait);
    if (!longFirst) {
      // The short wait ended in a fresh window: use it up early, while much of it is left.
      await useUpWindow();
      await bothPrograms(longWait);
    }
  }, 150_000);
});
