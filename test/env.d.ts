import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/core/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      MODEL_RUNS?: string;
      MODEL_SEED?: string;
    }
  }
}
