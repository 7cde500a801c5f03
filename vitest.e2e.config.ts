import { defineConfig } from "vitest/config";

// Browser tests: Node runs them, a real Chromium (Debian's) does the clicking, against a
// stack of its own started by e2e/global-setup.ts on separate ports and fresh state.
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.test.ts"],
    globalSetup: ["./e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
