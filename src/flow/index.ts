/**
 * The flows of `sme generate`, `sme verify` and `sme demo` as a library (docs/flow.md): resolve a config, generate
 * and write a design folder, read one back, verify a design against the golden model, run the demo.
 */
export {
  defaultJobs,
  DESIGN_KINDS,
  FLOW_DEFAULTS,
  loadFlowConfig,
  MAX_JOBS,
  resolveFlowConfig,
  type DesignKind,
  type FlowCommand,
  type FlowConfig,
  type WeightsSource,
} from "./config.js";
export { designName, generateDesign, inputsHash, writeDesign, type GeneratedDesign } from "./generate/generate.js";
export { loadDesignFolder, type DesignFolder } from "./generate/design-folder.js";
export {
  buildManifest,
  designManifestSchema,
  MANIFEST_FORMAT,
  parseManifest,
  type DesignManifest,
  type ManifestCrossbar,
  type ManifestFile,
} from "./generate/manifest.js";
export { assertNoMismatch, verifyTarget, type VerifyOptions, type VerifyReport, type VerifyTarget } from "./verify/verify.js";
export { targetFromFolder, targetFromGenerated } from "./verify/targets.js";
export { lintDesign, type LintResult } from "./verify/lint.js";
export { runIcarus, type IcarusResult, type IcarusRun } from "./verify/icarus.js";
export { demoConfig, DEMO_DEFAULTS, runDemo, type DemoReport } from "./demo/demo.js";
