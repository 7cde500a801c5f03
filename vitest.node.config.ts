import { defineConfig } from "vitest/config";

// Tests that need Node itself (the built site on disk, schema validators that compile
// code at runtime): everything else runs inside workerd (vitest.config.ts).
export default defineConfig({
  test: { include: ["test-node/**/*.test.ts"], testTimeout: 30_000 },
});
