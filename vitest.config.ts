import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { generateDevSecrets } from "./scripts/lib/dev-secrets.mjs";

// Tests run inside workerd with the project's real bindings (local D1, KV and the
// account object) from wrangler.toml; only secrets and dev settings are supplied here.
export default defineConfig(async () => {
  const migrations = await readD1Migrations("./migrations");
  return {
    plugins: [
      cloudflareTest({
        main: "./src/index.ts",
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...generateDevSecrets(),
            ENVIRONMENT: "development",
            PUBLIC_API_ORIGIN: "http://127.0.0.1:8787",
            PORTAL_ORIGIN: "http://127.0.0.1:8788",
            SITE_ORIGIN: "http://127.0.0.1:8789",
            DOCS_ORIGIN: "http://127.0.0.1:8790",
            TOKEN_PREVIOUS_JWKS: "[]",
            STRIPE_WEBHOOK_SECRET: "whsec_test_suite_secret",
            STRIPE_SECRET_KEY: "",
            STRIPE_PRICE_ID: "",
            MAIL_PROVIDER: "",
            ACCESS_TEAM_DOMAIN: "dev-access.localhost",
            ACCESS_AUD: "test-support-console",
            SUPPORT_ORIGIN: "http://127.0.0.1:8791",
            // High by default so concurrency tests are not throttled; the throttle tests
            // pass their own limits.
            THROTTLE_IP_PER_MINUTE: "1000000",
            THROTTLE_LICENSE_PER_MINUTE: "1000000",
            TEST_MIGRATIONS: migrations,
            // Model-based test: how many sequences, from which seed (npm run test:soak raises it).
            MODEL_RUNS: process.env.MODEL_RUNS ?? "1000",
            MODEL_SEED: process.env.MODEL_SEED ?? "20261129",
          },
        },
      }),
    ],
    test: {
      // portal/test, support/test, site/test: each Worker's own tests, type-checked in its own program.
      include: ["test/**/*.test.ts", "support/test/**/*.test.ts", "portal/test/**/*.test.ts", "site/test/**/*.test.ts"],
      setupFiles: ["./test/setup/apply-migrations.ts", "./test/setup/error-hygiene.ts", "./test/setup/route-contract.ts"],
      testTimeout: 30_000,
    },
  };
});
