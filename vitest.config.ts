import { defineConfig } from "vitest/config";

// Verilator builds dominate test time; a cold build of a small design takes several seconds.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // The JSON report lets CI print a plain "N passed, N failed" closing line.
    reporters: ["default", "json"],
    outputFile: { json: "sim/test-results.json" },
    // `npm run coverage`: line and branch coverage of every source folder over the whole suite.
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", ["text", { file: "by-file.txt" }], "json-summary", "html"],
      reportsDirectory: "reports/coverage/all",
    },
  },
});
