import { addEstimates, type CostEstimate, estimateCost } from "../cost/estimate.js";
import { loadCostTable } from "../cost/load-table.js";
import type { ComponentTable } from "../cost/table.js";
import { isSqueezeMode } from "../params/index.js";
import {
  analyzeModel,
  budgetParamsOf,
  budgetTable,
  makeTileParams,
  planBudgetFromTables,
  quantizeMatrix,
  withBudget,
  type LayerBudgetTable,
  type LayerMetrics,
  type ModelMetrics,
  type ModeMetrics,
  type TileParams,
} from "../sme/index.js";
import { findLayer, loadModel } from "../sme/loaders/index.js";
import type { EvaluatorSetup, PointEvaluator } from "./evaluator.js";
import { configurationKey, type SweepPoint } from "./params.js";
import type { LayerResult, PointResult } from "./result.js";

/**
 * The real evaluator: loads the weights once, then per point takes the golden model's per-layer metrics
 * (`analyzeModel`: crossbars, SQNR, input cycles and row-map bits of every mode) and adds the cost estimate.
 * `analyzeModel` computes every mode at once, so results are cached for the other modes of the same point
 * (the runner hands a worker all modes of a configuration together); budget points add the budget mapping at
 * their target to that analysis.
 */
export async function createPointEvaluator(setup: EvaluatorSetup): Promise<PointEvaluator> {
  const loaded = await loadModel(setup.model);
  const model = setup.layer === undefined ? loaded : { source: loaded.source, layers: [findLayer(loaded, setup.layer)] };
  const table = await loadCostTable(setup.cost);
  const cache = new Map<string, ModelMetrics>();
  // The RTL path pulls in the DSL, the generators and the simulator: load it only when asked for.
  const rtl = setup.rtl ? await import("./rtl.js") : undefined;
  // One accuracy engine per evaluator (per sweep worker): the float run happens here, once, before any point.
  const accuracy = setup.accuracy ? await (await import("./accuracy.js")).openAccuracyColumns(setup.accuracy, table) : undefined;

  // Budget points of one configuration share the per-group tables; only the optimisation runs per target.
  const budgetTables = new Map<string, LayerBudgetTable[]>();
  const tablesOf = (point: SweepPoint, p: TileParams): LayerBudgetTable[] => {
    const key = configurationKey(point);
    let t = budgetTables.get(key);
    if (!t) {
      const budget = budgetParamsOf(point);
      t = model.layers.map((l) => budgetTable(l, quantizeMatrix(l, { weightBits: p.weightBits, window: p.window, scale: point.scale }), p, budget));
      if (budgetTables.size >= 4) budgetTables.delete(budgetTables.keys().next().value!);
      budgetTables.set(key, t);
    }
    return t;
  };

  const analyze = (point: SweepPoint, p: TileParams): ModelMetrics => {
    if (point.mode === "budget") {
      const others = analyze({ ...point, mode: "remap", targetSqnr: null, budgetScope: null, minLayerSqnr: null }, { ...p, mode: "remap" });
      return withBudget(others, planBudgetFromTables(tablesOf(point, p), p, budgetParamsOf(point)));
    }
    const base = configurationKey(point);
    // Dense, bitslice and remap do not depend on D: any cached analysis of this configuration serves them.
    if (!isSqueezeMode(point.mode)) for (const [k, v] of cache) if (k.startsWith(`${base}|`)) return v;
    const key = `${base}|${p.squeeze}`;
    let m = cache.get(key);
    if (!m) {
      m = analyzeModel(model, p, { scale: point.scale });
      if (cache.size >= 16) cache.delete(cache.keys().next().value!);
      cache.set(key, m);
    }
    return m;
  };

  return async (point: SweepPoint): Promise<PointResult> => {
    const started = performance.now();
    // Outside the squeeze modes D is not used; a valid D lets one analysis also serve the squeeze modes.
    const squeeze = isSqueezeMode(point.mode) ? point.squeeze : Math.min(2, Math.max(1, point.weightBits - 1));
    const p = makeTileParams({
      rows: point.rows,
      cols: point.cols,
      weightBits: point.weightBits,
      window: point.window,
      actBits: point.actBits,
      dacBits: point.dacBits,
      ouRows: point.ouRows,
      mode: point.mode,
      squeeze,
      ...(point.adcBits === "lossless" ? {} : { adcBits: point.adcBits }),
    });
    const metrics = analyze(point, p);
    const costs = metrics.layers.map((l) => layerCost(l.modes[point.mode]!, p, table));
    const layers = metrics.layers.map((l, i) => layerResult(l, l.modes[point.mode]!, costs[i]!));
    const cost = addEstimates(costs);
    const dense = metrics.total.modes.dense!;
    const mode = metrics.total.modes[point.mode]!;
    const budget = point.mode === "budget" ? budgetParamsOf(point) : undefined;
    const rtlResult = rtl ? await rtl.measureRtl(model.layers[0]!, p, point.scale, setup.rtlBudgetS, budget, setup.fpga) : undefined;
    const accuracyResult = accuracy ? await accuracy.measure(p, point.scale, budget ?? null) : undefined;
    return {
      key: "",
      model: "",
      layer: null,
      cost: "",
      point,
      adcBits: p.adcBits,
      totals: {
        physicalCrossbars: mode.crossbars,
        denseCrossbars: dense.crossbars,
        ratioToDense: mode.ratioToDense,
        cells: mode.cells,
        sqnrQuantDb: metrics.total.sqnrQuantDb,
        sqnrMappedDb: mode.sqnrMappedDb,
        inputCycles: mode.inputCycles,
        rowMapBits: mode.rowMapBits,
        areaMm2: layers.reduce((s, l) => s + l.areaMm2, 0),
        energyNj: layers.reduce((s, l) => s + l.energyNj, 0),
        // Layers run one after another; the tiles of a layer work in parallel.
        latencyNs: layers.reduce((s, l) => s + l.latencyNs, 0),
      },
      costBreakdown: { areaMm2: withoutTotal(cost.areaMm2), energyNj: withoutTotal(cost.energyNj) },
      layers,
      ...(rtlResult ? { rtl: rtlResult } : {}),
      ...(accuracyResult ? { accuracy: accuracyResult } : {}),
      elapsedMs: performance.now() - started,
    };
  };
}

function withoutTotal(b: Readonly<Record<string, number>>): Record<string, number> {
  const { total: _total, ...rest } = b;
  return rest;
}

/** The area and energy of a layer's crossbars in one mode. */
function layerCost(m: ModeMetrics, p: TileParams, table: ComponentTable): CostEstimate {
  return estimateCost(table, {
    rows: p.rows,
    cols: p.cols,
    physicalCrossbars: m.crossbars,
    inputCycles: m.inputCycles,
    ouRows: p.ouRows,
    dacBits: p.dacBits,
    adcBits: p.adcBits,
    rowMapBits: m.rowMapBits,
  });
}

/** One layer's golden-model figures in the chosen mode, with the area and energy of its crossbars. */
function layerResult(l: LayerMetrics, m: ModeMetrics, cost: CostEstimate): LayerResult {
  return {
    name: l.name,
    fanIn: l.fanIn,
    fanOut: l.fanOut,
    physicalCrossbars: m.crossbars,
    denseCrossbars: l.modes.dense!.crossbars,
    cells: m.cells,
    sqnrQuantDb: l.sqnrQuantDb,
    sqnrMappedDb: m.sqnrMappedDb,
    inputCycles: m.inputCycles,
    rowMapBits: m.rowMapBits,
    areaMm2: cost.areaMm2.total,
    energyNj: cost.energyNj.total,
    latencyNs: cost.latencyNs,
  };
}
