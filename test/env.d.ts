import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../src/env";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[];
      /** The dev Access issuer's private key, for signing staff tokens in tests. */
      ACCESS_DEV_PRIVATE_JWK: string;
      MODEL_RUNS?: string;
      MODEL_SEED?: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../src/index");
      durableNamespaces: "AccountObject";
    }
  }
}
