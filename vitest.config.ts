import { defineConfig } from "vitest/config";

/**
 * Two tiers. `unit`: the golden model, the parameter registry, the DSL's passes, the CLI's option handling and
 * everything else that runs in-process; it starts no external tool (a test that does fails with a message
 * saying to move it, see test/unit-tier.ts). `sim`: everything that runs Verilator, Icarus Verilog, Yosys or the
 * face-api networks. `npm test` runs both; `npm run test:unit` only the first.
 */
const UNIT = [
  "test/sme/**/*.test.ts",
  "test/params/**/*.test.ts",
  "test/util/**/*.test.ts",
  "test/cost/**/*.test.ts",
  "test/report/**/*.test.ts",
  "test/formats/**/*.test.ts",
  "test/hdl/passes/**/*.test.ts",
  "test/hdl/analysis/**/*.test.ts",
  "test/hdl/printer/**/*.test.ts",
  "test/hdl/printer-purity.test.ts",
  "test/hdl/diagnostics.test.ts",
  "test/accuracy/!(run|pipeline).test.ts",
  "test/sweep/!(rtl|slurm-plan|accuracy).test.ts",
  "test/flow/config.test.ts",
  "test/flow/pinned-output.test.ts",
  "test/flow/verify/compare.test.ts",
  "test/flow/verify/coverage/*.test.ts",
  "test/flow/verify/debug/*.test.ts",
  "test/flow/layers/!(verify-layers).test.ts",
  "test/hw/payloads.test.ts",
  "test/hw/prog-fields.test.ts",
  "test/hw/probes.test.ts",
  "test/sim/fields.test.ts",
  "test/sim/waves-env.test.ts",
  "test/cli/!(accuracy|one-config).test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: "forks",
    // The JSON report lets CI print a plain "N passed, N failed" closing line; the JUnit one feeds CI dashboards.
    reporters: ["default", "json", "junit"],
    outputFile: { json: "sim/test-results.json", junit: "sim/junit.xml" },
    projects: [
      { extends: true, test: { name: "unit", include: UNIT, setupFiles: ["test/unit-tier.ts"] } },
      // Verilator builds dominate this tier; a cold build of a small design takes several seconds.
      { extends: true, test: { name: "sim", include: ["test/**/*.test.ts"], exclude: UNIT } },
    ],
    // `npm run coverage`: line and branch coverage of every source folder over the whole suite;
    // `npm run coverage:unit` over the unit tier only (writes the same folder).
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", ["text", { file: "by-file.txt" }], "json-summary", "html"],
      reportsDirectory: "reports/coverage",
    },
  },
});
