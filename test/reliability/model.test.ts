import { describe, it } from "vitest";
import { RUNS, SEED, runModel } from "./model-runner";

describe("the account object against a reference model", () => {
  it(`holds every invariant over ${RUNS} random sequences (seed ${SEED})`, async () => {
    await runModel();
  }, 1_800_000);
});
