import { makeBudgetParams, type BudgetParams } from "../sme/budget/options.js";
import { makeTileParams, MAPPING_MODES, modeLabel, type MappingMode, type ScaleMode, type TileParams } from "../sme/params.js";
import { UserError } from "../util/errors.js";
import type { WeightVariant } from "./weights.js";

/** One network configuration `sme accuracy` runs on every photo. */
export interface RunConfig {
  /** Stable identifier (file names, JSON keys): `float`, `int8`, `sme-s3`, `dense`, `squeeze-d2`, ... */
  readonly id: string;
  /** Table label: `float`, `INT-8`, `SME-quantized S=3`, `squeeze D=2`, ... */
  readonly label: string;
  /** References are the baselines (float, plain and SME quantization); mappings are the modes under test. */
  readonly role: "reference" | "mapping";
  readonly variant: WeightVariant;
  /** The tile parameters of a mapping (its mode and D), for cost and crossbars. */
  readonly params: TileParams | null;
  /** Mode `budget`: its target, scope and per-layer floor (each network is one budget); else null. */
  readonly budget: BudgetParams | null;
}

const isSqueeze = (m: MappingMode): boolean => m === "squeeze" || m === "squeeze-min";

/** `budget-23`, `budget-23.5-layer`, `budget-23-floor15`: a budget configuration's id. */
function budgetId(b: BudgetParams): string {
  return `budget-${b.targetSqnrDb}${b.scope === "model" ? "" : `-${b.scope}`}${b.minLayerSqnrDb === null ? "" : `-floor${b.minLayerSqnrDb}`}`;
}

/**
 * The configurations of a run: the float network, INT-N (window S = N, no SME), SME quantization (window S,
 * lossless mapping), then every mode, the squeeze modes once per D and `budget` once per entry of `budgets`
 * (default: the default target over each network). `base` carries R, C, N, S, A and the converter settings;
 * its own mode and D are not used.
 */
export function accuracyConfigs(
  base: TileParams,
  scale: ScaleMode,
  modes: readonly MappingMode[],
  squeezes: readonly number[],
  budgets: readonly BudgetParams[] = [makeBudgetParams()],
): RunConfig[] {
  if (modes.length === 0) throw new UserError("--mode: give at least one mapping mode");
  const N = base.weightBits;
  const S = base.window;
  const configs: RunConfig[] = [
    { id: "float", label: "float weights", role: "reference", variant: { kind: "float" }, params: null, budget: null },
    { id: `int${N}`, label: `INT-${N}`, role: "reference", variant: { kind: "quantized", weightBits: N, window: N, scale }, params: null, budget: null },
  ];
  if (S < N) {
    configs.push({
      id: `sme-s${S}`,
      label: `SME-quantized S=${S}`,
      role: "reference",
      variant: { kind: "quantized", weightBits: N, window: S, scale },
      params: null,
      budget: null,
    });
  }
  for (const mode of MAPPING_MODES.filter((m) => modes.includes(m))) {
    if (mode === "budget") {
      if (budgets.length === 0) throw new UserError("--target-sqnr: give at least one target for the budget mode");
      const params = makeTileParams({ ...base, mode, adcBits: base.adcBits });
      for (const budget of budgets) configs.push(mappingConfig(params, scale, budget));
      continue;
    }
    for (const d of isSqueeze(mode) ? squeezes : [0]) {
      configs.push(mappingConfig(makeTileParams({ ...base, mode, squeeze: isSqueeze(mode) ? d : base.squeeze, adcBits: base.adcBits }), scale));
    }
  }
  return configs;
}

/**
 * The configuration of one mapping: the codes the tiles of `params` hold (its mode and D; in mode `budget` the
 * budget plan at `budget`, default the default target over each network).
 */
export function mappingConfig(params: TileParams, scale: ScaleMode, budget: BudgetParams | null = null): RunConfig {
  if (params.mode === "budget") {
    const b = budget ?? makeBudgetParams();
    const label = modeLabel({ mode: "budget", squeeze: 0, targetSqnr: b.targetSqnrDb, budgetScope: b.scope, minLayerSqnr: b.minLayerSqnrDb });
    return { id: budgetId(b), label, role: "mapping", variant: { kind: "mapped", params, scale, budget: b }, params, budget: b };
  }
  const squeeze = isSqueeze(params.mode);
  const id = squeeze ? `${params.mode}-d${params.squeeze}` : params.mode;
  const label = squeeze ? `${params.mode} D=${params.squeeze}` : params.mode;
  return { id, label, role: "mapping", variant: { kind: "mapped", params, scale }, params, budget: null };
}
