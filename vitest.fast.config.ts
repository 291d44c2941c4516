import { defineConfig } from "vitest/config";

// The fast tier (`npm run test:fast`): the tests of the golden model, the parameter registry and the DSL's passes,
// analysis and printer, a part of the unit tier without its slowest cases. Mutation testing (stryker.config.mjs)
// runs this tier: every mutant reruns the tests that reach it, so each second here counts hundreds of times.
const FAST = [
  "test/sme/**/*.test.ts",
  "test/params/**/*.test.ts",
  "test/hdl/passes/**/*.test.ts",
  "test/hdl/analysis/**/*.test.ts",
  "test/hdl/printer/**/*.test.ts",
  "test/hdl/diagnostics.test.ts",
  "test/hdl/printer-purity.test.ts",
];

// SME_FAST_TESTS (comma-separated globs) narrows the tier to the tests of one part (`npm run mutate:sme`, `mutate:hdl`).
const only = process.env.SME_FAST_TESTS?.split(",").filter((g) => g !== "");

export default defineConfig({
  test: {
    include: only && only.length > 0 ? only : FAST,
    // Whole face-api networks and a million-cell tile: seconds each, a minute and more under mutation
    // instrumentation, so they run with the full suite only.
    exclude: ["test/sme/real-weights.test.ts", "test/sme/budget/real-weights.test.ts", "test/sme/tile-model-sparse.test.ts"],
    // Mutation testing instruments every expression: the longest property tests then take ten times longer.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Mutants are switched at run time, so a test file need not reload every module for each mutant: sharing the
    // module cache makes each mutant's rerun several times cheaper.
    isolate: false,
    setupFiles: ["test/unit-tier.ts", "test/property-seed.ts"],
  },
});
