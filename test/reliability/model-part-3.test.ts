import { env } from "cloudflare:workers";
import { describe, it } from "vitest";
import { runModelPart } from "./model-runner";

describe("the account object against a reference model (part 4 of 4)", () => {
  it(`holds every invariant over its share of ${env.MODEL_RUNS ?? 1000} random sequences (seed ${Number(env.MODEL_SEED ?? 20261129) + 3})`, async () => {
    await runModelPart(3);
  }, 1_800_000);
});
