import { defineConfig } from "vitest/config";

// The TypeScript client's unit tests run in plain Node (they start local HTTP servers
// and touch the file system), not in workerd like the engine's own tests.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    testTimeout: 20_000,
  },
});
