import { UserError } from "../util/errors.js";
import { budgetLayerPlans, planBudget, planBudgetTile } from "./budget/analyze.js";
import { makeBudgetParams, type BudgetParams } from "./budget/options.js";
import { mapTile, type MappingPlan } from "./mapping.js";
import type { WeightMatrix } from "./matrix.js";
import type { ScaleMode, TileParams } from "./params.js";
import { quantizeMatrix, type QuantizedMatrix } from "./quantize.js";
import { compileTileModel, type TileModel } from "./tile-model.js";
import { extractTile, tileGrid, type TileCodes } from "./tile.js";

/**
 * Quantizes a weight matrix and maps one of its tiles: the path from weights to a generated tile. In mode
 * `budget` the tile's depths reach `opts.budget`'s target over the tile's own weights with the fewest
 * crossbars (`planBudgetTile`; default target: `BUDGET_DEFAULTS`); its scope does not apply.
 */
export function planForTile(
  w: WeightMatrix,
  p: TileParams,
  opts: { scale?: ScaleMode; tileRow?: number; tileCol?: number; budget?: BudgetParams } = {},
): { quantized: QuantizedMatrix; tile: TileCodes; plan: MappingPlan } {
  if (p.mode === "budget") {
    const { quantized, tile, plan } = planBudgetTile(w, p, opts, opts.budget ?? makeBudgetParams());
    return { quantized, tile, plan };
  }
  const quantized = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: opts.scale ?? "layer" });
  const tile = extractTile(quantized, opts.tileRow ?? 0, opts.tileCol ?? 0, p.rows, p.cols);
  return { quantized, tile, plan: mapTile(tile, p) };
}

/**
 * A whole layer as a grid of tiles (design.md §3: "a layer larger than one tile is the digital sum of its
 * tiles"). `run(x)` takes `fanIn` unsigned A-bit inputs and returns the `fanOut` integer outputs in units of
 * the codes; multiply column j by `delta[j]` to compare with `floatReference`.
 */
export interface LayerModel {
  readonly quantized: QuantizedMatrix;
  readonly plans: readonly MappingPlan[];
  run(x: ArrayLike<number>): Float64Array;
}

/**
 * In mode `budget` the layer's depths come from the budget mapping of the layer alone at `budget` (default
 * `BUDGET_DEFAULTS`: the target over the layer; row permutation does not apply here).
 */
export function compileLayerModel(w: WeightMatrix, p: TileParams, scale: ScaleMode = "layer", budget?: BudgetParams): LayerModel {
  const quantized = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale });
  const { tileRows, tileCols } = tileGrid(w.rows, w.cols, p.rows, p.cols);
  const plans: MappingPlan[] = [];
  const models: Array<{ tr: number; tc: number; model: TileModel }> = [];
  const budgetPlans =
    p.mode === "budget" ? budgetLayerPlans(quantized, p, planBudget([w], p, scale, { ...(budget ?? makeBudgetParams()), permuteRows: false }).layers[0]) : null;
  for (let tr = 0; tr < tileRows; tr++) {
    for (let tc = 0; tc < tileCols; tc++) {
      const plan = budgetPlans ? budgetPlans[tr * tileCols + tc].plan : mapTile(extractTile(quantized, tr, tc, p.rows, p.cols), p);
      plans.push(plan);
      models.push({ tr, tc, model: compileTileModel(plan, p) });
    }
  }
  const xTile = new Float64Array(p.rows);
  const run = (x: ArrayLike<number>): Float64Array => {
    if (x.length !== w.rows) throw new UserError(`layer model ${w.name}: expected ${w.rows} inputs, got ${x.length}`);
    const y = new Float64Array(w.cols);
    for (const { tr, tc, model } of models) {
      xTile.fill(0);
      for (let i = 0; i < p.rows && tr * p.rows + i < w.rows; i++) xTile[i] = x[tr * p.rows + i];
      const yt = model.run(xTile);
      for (let j = 0; j < p.cols && tc * p.cols + j < w.cols; j++) y[tc * p.cols + j] += yt[j];
    }
    return y;
  };
  return { quantized, plans, run };
}

/** The float reference `y = x * W` of a layer. */
export function floatReference(w: WeightMatrix, x: ArrayLike<number>): Float64Array {
  const y = new Float64Array(w.cols);
  for (let i = 0; i < w.rows; i++) {
    const v = x[i];
    if (v === 0) continue;
    for (let j = 0; j < w.cols; j++) y[j] += v * w.data[i * w.cols + j];
  }
  return y;
}
