import { describe, expect, it } from "vitest";
import { RUNS, SEED, reached, runModel } from "./model-runner";

describe("the account object against a reference model", () => {
  it(`holds every invariant over ${RUNS} random sequences (seed ${SEED})`, async () => {
    await runModel();
    // The sequences are worth something only if they reach the seat policies' outcomes.
    console.log(`[model] reached: ${JSON.stringify(reached)}`);
    if (RUNS >= 200) {
      for (const [outcome, times] of Object.entries(reached)) expect(times, outcome).toBeGreaterThan(0);
    }
  }, 1_800_000);
});
