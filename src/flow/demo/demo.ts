import { defaultOf } from "../../params/index.js";
import { loadFlowConfig, type FlowConfig } from "../config.js";
import { DEMO_LAYER } from "./demo-layer.js";
import { generateDesign, writeDesign, type GeneratedDesign } from "../generate/generate.js";
import { compareModes, type ModeRow } from "./mode-comparison.js";
import type { StageProgress } from "../../cli/progress.js";
import { targetFromGenerated } from "../verify/targets.js";
import { verifyTarget, type VerifyReport } from "../verify/verify.js";

/** Demo defaults on top of design.md §5: the shipped real layer and enough vectors to measure the speed. */
export const DEMO_DEFAULTS = { weights: DEMO_LAYER.file, vectors: defaultOf("vectors", "demo")! } as const;

export interface DemoReport {
  readonly design: GeneratedDesign;
  readonly modes: readonly ModeRow[];
  readonly verify: VerifyReport;
}

/** Demo options: the command's flags over a config file over the demo defaults. */
export function demoConfig(flags: Readonly<Record<string, unknown>>): Promise<FlowConfig> {
  return loadFlowConfig(flags, DEMO_DEFAULTS, "demo");
}

/**
 * The whole flow on one tile of a real layer: quantize, map (and compare every mode), generate and write the
 * design, lint, build, program, simulate and compare with the golden model.
 */
export async function runDemo(config: FlowConfig, progress?: StageProgress): Promise<DemoReport> {
  progress?.stage("generate", "quantize, map, generate");
  const design = await generateDesign(config);
  await writeDesign(design);
  const w = design.weights;
  const modes = compareModes(w.matrix, design.quantized, config.params, w.tileRow, w.tileCol, config.budget ?? undefined, config.scale);
  const verify = await verifyTarget(targetFromGenerated(design), {
    vectors: config.vectors,
    jobs: config.jobs,
    seed: config.seed,
    timeoutMs: config.simTimeoutMs,
    ...(progress ? { onStage: (stage, detail) => progress.stage(stage, detail) } : {}),
  });
  return { design, modes, verify };
}
