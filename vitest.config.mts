import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "policies/test/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/bench/**"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Kubernetes versions are checked against a fixed day in tests, never the clock (tests that need
    // another day pass it); CI's own `hubnet validate` runs on the real day.
    env: { HUBNET_TODAY: "2026-11-26" },
    // In CI, also write the results as JSON so .ci/run can print a plain "N passed, N failed" line.
    reporters: process.env.CI ? ["default", "json"] : ["default"],
    outputFile: { json: ".vitest/results.json" },
  },
});
