// `npm run mutate`: mutation testing of the golden model, the parameter registry and the DSL's passes, analysis
// and printer, against the fast test tier (vitest.fast.config.ts: no Verilator, Icarus or Yosys).
// `npm run mutate:sme` and `mutate:hdl` run one part against its own tests (SME_FAST_TESTS), each with its own
// reports and incremental file under reports/mutation/<SME_MUTATE_NAME>/; docs/testing.md has the measured scores.
// No type checker: typescript 7 is the native compiler and has no compiler API for @stryker-mutator/typescript-checker,
// so a mutant that would not type-check is run like any other.

const reports = `reports/mutation/${process.env.SME_MUTATE_NAME ?? "all"}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "vitest",
  vitest: { configFile: "vitest.fast.config.ts", related: true },
  coverageAnalysis: "perTest",
  mutate: [
    "src/sme/**/*.ts",
    "src/params/**/*.ts",
    "src/hdl/passes/**/*.ts",
    "src/hdl/analysis/**/*.ts",
    "src/hdl/printer/**/*.ts",
    // re-export lists only
    "!src/**/index.ts",
  ],
  // Stryker rewrites the tsconfig's outside references through the compiler API, which typescript 7 lacks; this
  // project's tsconfig.json has none, so the rewrite is skipped by naming no tsconfig.
  tsconfigFile: "",
  ignorePatterns: ["rtl-out", "sim", "reports", "out", "bench"],
  // Reuses the results of mutants whose code and covering tests did not change since the last run.
  incremental: true,
  incrementalFile: `${reports}/incremental.json`,
  // A mutant reached only while modules load (a table built at import time, a fixture built outside any test)
  // would need every test file re-run with fresh modules; such "static" mutants are reported as Ignored.
  // A mutant reached both at load and inside tests is still run against the tests that reach it.
  ignoreStatic: true,
  concurrency: 2,
  // Added to 1.5 x each mutant's measured test time. A mutant that loops forever costs this long plus a worker
  // restart, and a run meets a hundred or more of them; on a loaded machine raise it (--timeoutMS 10000) so that
  // slow runs are not counted as timeouts.
  timeoutMS: 3_000,
  // The first, instrumented run of every test takes minutes on a busy 2-core machine.
  dryRunTimeoutMinutes: 60,
  // event-recorder writes each mutant's result as it is known, so a run stopped early still shows its findings.
  reporters: ["clear-text", "progress", "html", "json", "event-recorder"],
  eventReporter: { baseDir: `${reports}/events` },
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, reportTests: false, logTests: false },
  tempDirName: "sim/stryker-tmp",
  cleanTempDir: true,
};
