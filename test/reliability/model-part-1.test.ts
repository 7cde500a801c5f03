import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { runModelPart } from "./model-runner";

describe("the account object against a reference model (part 2 of 4)", () => {
  it(`holds every invariant over its share of ${env.MODEL_RUNS ?? 1000} random sequences (seed ${Number(env.MODEL_SEED ?? 20261129) + 1})`, async () => {
    await runModelPart(1);
  }, 1_800_000);
});
