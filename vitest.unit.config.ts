import { defineConfig } from "vitest/config";

// The fast tier: tests of the golden model, the parameter registry and the DSL's passes, analysis and printer.
// None of them runs Verilator, Icarus or Yosys, so the whole tier takes well under a minute; mutation testing
// (stryker.config.json) and `npm run coverage` run this tier, not the tool-backed suites.
export default defineConfig({
  test: {
    include: [
      "test/sme/**/*.test.ts",
      "test/params/**/*.test.ts",
      "test/hdl/passes/**/*.test.ts",
      "test/hdl/analysis/**/*.test.ts",
      "test/hdl/printer/**/*.test.ts",
      "test/hdl/diagnostics.test.ts",
      "test/hdl/printer-purity.test.ts",
    ],
    // Whole face-api networks and a million-cell tile: seconds each, a minute and more under mutation
    // instrumentation, so they run with the full suite only.
    exclude: ["test/sme/real-weights.test.ts", "test/sme/budget/real-weights.test.ts", "test/sme/tile-model-sparse.test.ts"],
    // Mutation testing instruments every expression: the longest property tests then take ten times longer.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    coverage: {
      provider: "v8",
      include: ["src/sme/**/*.ts", "src/params/**/*.ts", "src/hdl/**/*.ts"],
      reporter: ["text-summary", ["text", { file: "by-file.txt" }], "json-summary", "html"],
      reportsDirectory: "reports/coverage/unit",
    },
  },
});
