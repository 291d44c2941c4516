import type { SweepAccuracySetup } from "./accuracy.js";
import type { SweepPoint } from "./params.js";
import type { PointResult } from "./result.js";

/** What a worker needs to set up evaluation; plain data so it crosses thread boundaries. */
export interface EvaluatorSetup {
  readonly model: string;
  readonly layer?: string;
  readonly cost: string;
  readonly rtl: boolean;
  readonly rtlBudgetS: number;
  /** Also measure face-api's answers under each point's mapping. */
  readonly accuracy?: SweepAccuracySetup;
}

export type PointEvaluator = (point: SweepPoint) => Promise<PointResult>;

/**
 * A module that evaluates sweep points. The runner loads it by URL (in worker threads for `--jobs > 1`), so
 * tests can substitute a cheap one; the real one is `golden-evaluator.ts`.
 */
export interface EvaluatorModule {
  createPointEvaluator(setup: EvaluatorSetup): Promise<PointEvaluator>;
}

export async function loadEvaluatorModule(url: string): Promise<EvaluatorModule> {
  const mod = (await import(url)) as Partial<EvaluatorModule>;
  if (typeof mod.createPointEvaluator !== "function") throw new Error(`${url} does not export createPointEvaluator`);
  return mod as EvaluatorModule;
}
