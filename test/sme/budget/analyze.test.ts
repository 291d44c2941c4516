import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetLayerCodes, budgetLayerPlans, planBudget, planBudgetTile, type BudgetAnalysis } from "../../../src/sme/budget/analyze.js";
import { BUDGET_DEFAULTS, BUDGET_SCOPES, budgetParamsOf, makeBudgetParams, type BudgetScope } from "../../../src/sme/budget/options.js";
import { formatAnalysisJson } from "../../../src/cli/analysis-format.js";
import { matrixFromRows, type WeightMatrix } from "../../../src/sme/matrix.js";
import { analyzeModel } from "../../../src/sme/metrics.js";
import { digitCount, makeTileParams, type TileParams } from "../../../src/sme/params.js";
import { progLayout } from "../../../src/sme/program-layout.js";
import { quantizeMatrix, sqnrFromSums } from "../../../src/sme/quantize.js";
import { compileTileModel, integerProduct } from "../../../src/sme/tile-model.js";
import { syntheticMatrix } from "../../../src/sme/synthetic.js";
import { extractTile } from "../../../src/sme/tile.js";
import { mapBudgetTile, squeezeMinRowShifts } from "../../../src/sme/budget/plan.js";
import { runs } from "../../property-runs.js";

/** Codes 15, -3 / 1, 0 at delta 1/16 (exact in binary): one 2x2 tile, N = S = 4. */
const handLayer = matrixFromRows("hand", [
  [15 / 16, -3 / 16],
  [1 / 16, 0],
]);
const handParams = makeTileParams({ rows: 2, cols: 2, weightBits: 4, window: 4, mode: "remap" });

/** The crossbars and, per layer, the signal and error energy of the mapped weights, rebuilt from the tile plans. */
function measured(
  layers: readonly WeightMatrix[],
  p: TileParams,
  a: BudgetAnalysis,
): { crossbars: number; perLayer: Array<{ signal: number; error: number }> } {
  let crossbars = 0;
  const perLayer = layers.map((w, li) => {
    const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
    for (const { plan } of budgetLayerPlans(q, p, a.layers[li])) crossbars += plan.crossbars.length;
    const codes = budgetLayerCodes(q, p, a.layers[li]);
    let signal = 0;
    let error = 0;
    w.data.forEach((v, k) => {
      signal += v * v;
      error += (v - codes[k] * q.delta[k % w.cols]) ** 2;
    });
    return { signal, error };
  });
  return { crossbars, perLayer };
}

/** SQNR of tile (tileRow, tileCol) of `w`'s own weights against the codes `plan` holds (R x C tiles, edges cut off). */
function tileSqnrDb(w: WeightMatrix, delta: Float64Array, plan: { mappedCodes: Int32Array }, tileRow: number, tileCol: number, R: number, C: number): number {
  let signal = 0;
  let error = 0;
  for (let i = 0; i < R && tileRow * R + i < w.rows; i++) {
    for (let j = 0; j < C && tileCol * C + j < w.cols; j++) {
      const v = w.data[(tileRow * R + i) * w.cols + tileCol * C + j];
      signal += v * v;
      error += (v - plan.mappedCodes[i * C + j] * delta[tileCol * C + j]) ** 2;
    }
  }
  return sqnrFromSums(signal, error);
}

const layersArb = fc
  .record({
    R: fc.integer({ min: 2, max: 8 }),
    C: fc.integer({ min: 2, max: 12 }),
    N: fc.integer({ min: 3, max: 8 }),
    shapes: fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.nat()), { minLength: 1, maxLength: 3 }),
  })
  .map(({ R, C, N, shapes }) => ({
    p: makeTileParams({ rows: R, cols: C, weightBits: N, window: Math.min(3, N), mode: "remap" }),
    layers: shapes.map(([r, c, seed], k) => ({ ...syntheticMatrix(r, c, seed, { zeroFraction: 0.2 }), name: `l${k}` })),
  }));

describe("budget mapping of layers and models", () => {
  it("a hand-worked tile: each target picks the fewest crossbars that reach it", () => {
    // Positive group (15 | 1): D = 0: 5 bit-rows, 3 crossbars, no loss; D = 1: 15 -> 14, 2 crossbars, error 1/256;
    // D = 3: 15 -> 8, 1 crossbar, error 49/256. Negative group (3): one crossbar at every depth.
    const at = (targetSqnrDb: number) => planBudget([handLayer], handParams, "layer", makeBudgetParams({ targetSqnrDb }));
    const lossless = at(24);
    expect(lossless.total.crossbars).toBe(4);
    expect(lossless.total.sqnrMappedDb).toBe(Number.POSITIVE_INFINITY);
    expect(lossless.layers[0].depths).toEqual([0, 0]);
    const a = at(23);
    expect(a.total.crossbars).toBe(3);
    expect(a.layers[0].depths).toEqual([1, 0]);
    expect(a.total.sqnrMappedDb).toBeCloseTo(10 * Math.log10(235), 12);
    expect(a.depthHistogram).toEqual([1, 1, 0, 0]);
    expect(a.total.droppedCells).toBe(1);
    // The LP relaxation mixes D = 0 and D = 1 of the positive group: 2.996 crossbars.
    expect(a.dualBound).toBeGreaterThan(2.99);
    expect(a.lowerBound).toBe(3);
    const b = at(6);
    expect(b.total.crossbars).toBe(2);
    expect(b.layers[0].depths).toEqual([3, 0]);
    expect(b.total.sqnrMappedDb).toBeCloseTo(10 * Math.log10(235 / 49), 12);
    // Remap shifts: the positive crossbar holds (0, 3) and (1, 0).
    expect(b.total.maxShift).toBe(3);
    expect(b.total.rowMapBits).toBe(2 * 2 * (2 + 1 + 1));
  });

  it("meets the target over every unit of the scope whenever the quantized weights can, and says which units cannot", () => {
    fc.assert(
      fc.property(
        layersArb,
        fc.double({ min: 0, max: 35, noNaN: true }),
        fc.constantFrom(...BUDGET_SCOPES),
        fc.boolean(),
        ({ p, layers }, target, scope, permuteRows) => {
          const a = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target, scope, permuteRows }));
          const m = measured(layers, p, a);
          expect(m.crossbars).toBe(a.total.crossbars);
          const signal = m.perLayer.reduce((s, l) => s + l.signal, 0);
          const error = m.perLayer.reduce((s, l) => s + l.error, 0);
          expect(sqnrFromSums(signal, error)).toBeCloseTo(a.total.sqnrMappedDb, 6);
          const quantDb = (ls: readonly WeightMatrix[]) => {
            const qs = ls.map((w) => quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" }));
            let s = 0;
            let e = 0;
            ls.forEach((w, k) => {
              w.data.forEach((v, i) => {
                s += v * v;
                e += (v - qs[k].codes[i] * qs[k].delta[i % w.cols]) ** 2;
              });
            });
            return sqnrFromSums(s, e);
          };
          if (scope === "model" && quantDb(layers) >= target + 1e-9) {
            expect(a.unmetTargets).toEqual([]);
            expect(sqnrFromSums(signal, error)).toBeGreaterThanOrEqual(target - 1e-9);
          }
          if (scope === "layer") {
            layers.forEach((w, k) => {
              if (quantDb([w]) >= target + 1e-9) expect(sqnrFromSums(m.perLayer[k].signal, m.perLayer[k].error)).toBeGreaterThanOrEqual(target - 1e-9);
              else expect(a.unmetTargets).toContain(w.name);
            });
          }
          if (scope === "tile" && a.unmetTargets.length === 0) {
            // Every tile meets the target, so every layer does.
            for (const l of m.perLayer) expect(sqnrFromSums(l.signal, l.error)).toBeGreaterThanOrEqual(target - 1e-9);
          }
          expect(a.lowerBound).toBeLessThanOrEqual(a.total.crossbars);
        },
      ),
      { numRuns: runs(120) },
    );
  });

  it("reports each layer's figures as those of its tile plans, and the model's as their sums", () => {
    fc.assert(
      fc.property(layersArb, fc.double({ min: 0, max: 35, noNaN: true }), fc.boolean(), ({ p, layers }, target, permuteRows) => {
        const a = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target, permuteRows }));
        const N = p.weightBits;
        const entryBits = progLayout(p, 1).rowMapStoredBits;
        const histogram = new Array<number>(N).fill(0);
        let dense = 0;
        a.layers.forEach((l, k) => {
          const q = quantizeMatrix(layers[k], { weightBits: N, window: p.window, scale: "layer" });
          const plans = budgetLayerPlans(q, p, l);
          const crossbars = plans.reduce((s, t) => s + t.plan.crossbars.length, 0);
          const maxShift = Math.max(0, ...plans.map((t) => t.plan.maxShift));
          const layerDense = plans.length * 2 * N;
          dense += layerDense;
          // A sign group counts in the histogram at its depth when it holds any code of that sign.
          const layerHistogram = new Array<number>(N).fill(0);
          plans.forEach((t, i) => {
            if (t.tile.codes.some((c) => c > 0)) layerHistogram[l.depths[2 * i]]++;
            if (t.tile.codes.some((c) => c < 0)) layerHistogram[l.depths[2 * i + 1]]++;
          });
          layerHistogram.forEach((n, D) => {
            histogram[D] += n;
          });
          expect(l.metrics).toMatchObject({
            crossbars,
            ratioToDense: crossbars / layerDense,
            cells: crossbars * p.rows * p.cols,
            droppedCells: plans.reduce((s, t) => s + t.plan.dropped.cells, 0),
            droppedBitRows: plans.reduce((s, t) => s + t.plan.dropped.bitRows, 0),
            maxShift,
            inputCycles: digitCount(p, maxShift),
            rowMapBits: crossbars * p.rows * entryBits,
          });
          expect(l.depthHistogram).toEqual(layerHistogram);
        });
        const sum = (f: (l: (typeof a.layers)[number]) => number) => a.layers.reduce((s, l) => s + f(l), 0);
        expect(a.total).toMatchObject({
          crossbars: sum((l) => l.metrics.crossbars),
          ratioToDense: sum((l) => l.metrics.crossbars) / dense,
          droppedCells: sum((l) => l.metrics.droppedCells),
          droppedBitRows: sum((l) => l.metrics.droppedBitRows),
          maxShift: Math.max(...a.layers.map((l) => l.metrics.maxShift)),
          rowMapBits: sum((l) => l.metrics.rowMapBits),
        });
        expect(a.depthHistogram).toEqual(histogram);
        const worst = a.layers.reduce((w, l) => (l.metrics.sqnrMappedDb < w.metrics.sqnrMappedDb ? l : w));
        expect(a.worstLayer).toEqual({ name: worst.name, sqnrDb: worst.metrics.sqnrMappedDb });
      }),
      { numRuns: runs(100) },
    );
  });

  it("never needs more crossbars for a lower target, and never fewer than the dual bound", () => {
    fc.assert(
      fc.property(
        layersArb,
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.constantFrom(...BUDGET_SCOPES),
        ({ p, layers }, target, less, scope) => {
          const hi = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target, scope, permuteRows: less > 5 }));
          const lo = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target - less, scope, permuteRows: less > 5 }));
          expect(lo.total.crossbars).toBeLessThanOrEqual(hi.total.crossbars);
          expect(lo.lowerBound).toBeLessThanOrEqual(lo.total.crossbars);
          expect(hi.lowerBound).toBeLessThanOrEqual(hi.total.crossbars);
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it("holds every layer at the floor as well as the model at the target", () => {
    fc.assert(
      fc.property(layersArb, fc.double({ min: 0, max: 25, noNaN: true }), fc.double({ min: 0, max: 25, noNaN: true }), ({ p, layers }, target, floor) => {
        const free = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target }));
        const a = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: target, minLayerSqnrDb: floor }));
        expect(a.total.crossbars).toBeGreaterThanOrEqual(free.total.crossbars);
        const m = measured(layers, p, a);
        a.layers.forEach((l, k) => {
          if (!a.unmetTargets.includes(l.name)) expect(sqnrFromSums(m.perLayer[k].signal, m.perLayer[k].error)).toBeGreaterThanOrEqual(floor - 1e-9);
        });
        expect(a.worstLayer.sqnrDb).toBe(Math.min(...a.layers.map((l) => l.metrics.sqnrMappedDb)));
      }),
      { numRuns: runs(100) },
    );
  });

  it("with permuted rows, the tiles fed the permuted activations compute the product of the mapped kernel", () => {
    fc.assert(
      fc.property(layersArb, fc.double({ min: 5, max: 25, noNaN: true }), fc.nat(), ({ p, layers }, target, seed) => {
        const w = layers[0];
        const a = planBudget([w], p, "layer", makeBudgetParams({ targetSqnrDb: target, permuteRows: true }));
        const order = a.layers[0].rowOrder!;
        expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: w.rows }, (_, i) => i));
        const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
        const x = Array.from({ length: w.rows }, (_, i) => (i * 37 + seed) % 2 ** p.actBits);
        const y = new Float64Array(w.cols);
        for (const { tileRow, tileCol, plan } of budgetLayerPlans(q, p, a.layers[0])) {
          const xt = Array.from({ length: p.rows }, (_, i) => (tileRow * p.rows + i < w.rows ? x[order[tileRow * p.rows + i]] : 0));
          compileTileModel(plan, p)
            .run(xt)
            .forEach((v, j) => {
              if (tileCol * p.cols + j < w.cols) y[tileCol * p.cols + j] += v;
            });
        }
        expect(Array.from(y)).toEqual(Array.from(integerProduct(budgetLayerCodes(q, p, a.layers[0]), w.rows, w.cols, x)));
      }),
      { numRuns: runs(60) },
    );
  });

  it("maps one tile with the target over that tile", () => {
    const w = syntheticMatrix(20, 9, 7, { zeroFraction: 0.2 });
    const p = makeTileParams({ rows: 8, cols: 4, weightBits: 8, window: 3, mode: "remap" });
    for (const target of [10, 15, 20, 25]) {
      const { plan, quantized, sqnrDb, targetMet, depths } = planBudgetTile(
        w,
        p,
        { tileRow: 1, tileCol: 2 },
        makeBudgetParams({ targetSqnrDb: target, scope: "tile" }),
      );
      expect(tileSqnrDb(w, quantized.delta, plan, 1, 2, 8, 4)).toBeCloseTo(sqnrDb, 9);
      if (targetMet) expect(sqnrDb).toBeGreaterThanOrEqual(target - 1e-9);
      expect(depths.every((d) => d >= 0 && d <= 7)).toBe(true);
    }
  });

  it("picks for one tile the fewest crossbars that reach the target over it, or the best SQNR when none does", () => {
    const w = syntheticMatrix(13, 7, 3, { zeroFraction: 0.2 });
    const p = makeTileParams({ rows: 8, cols: 4, weightBits: 5, window: 3, mode: "remap" });
    for (const scale of ["layer", "channel"] as const) {
      const q = quantizeMatrix(w, { weightBits: 5, window: 3, scale });
      for (const [tileRow, tileCol] of [
        [0, 0],
        [1, 1],
      ]) {
        const tile = extractTile(q, tileRow, tileCol, 8, 4);
        // Every pair of depths, with its crossbars and the SQNR over the tile's own weights.
        const options = [0, 1, 2, 3, 4].flatMap((d0) =>
          [0, 1, 2, 3, 4].map((d1) => {
            const plan = mapBudgetTile(tile, p, squeezeMinRowShifts(tile, [d0, d1]));
            return { crossbars: plan.crossbars.length, db: tileSqnrDb(w, q.delta, plan, tileRow, tileCol, 8, 4) };
          }),
        );
        const best = Math.max(...options.map((o) => o.db));
        for (const target of [0, 12, 18, 24, 200]) {
          const r = planBudgetTile(w, p, { scale, tileRow, tileCol }, makeBudgetParams({ targetSqnrDb: target, scope: "tile" }));
          const label = `${scale} tile (${tileRow},${tileCol}) at ${target} dB`;
          expect(Array.from(r.quantized.codes), label).toEqual(Array.from(q.codes));
          expect(r.tile, label).toEqual(tile);
          expect(r.plan, label).toEqual(mapBudgetTile(tile, p, squeezeMinRowShifts(tile, r.depths)));
          const reach = options.filter((o) => o.db >= target);
          expect(r.targetMet, label).toBe(reach.length > 0);
          if (reach.length > 0) {
            expect(r.plan.crossbars.length, label).toBe(Math.min(...reach.map((o) => o.crossbars)));
            expect(r.sqnrDb, label).toBeGreaterThanOrEqual(target);
          } else {
            expect(r.sqnrDb, label).toBeCloseTo(best, 9);
          }
        }
      }
    }
  });

  it("names the units whose target no depth reaches: tiles, layers or the model", () => {
    const layers = [syntheticMatrix(6, 5, 1), syntheticMatrix(3, 3, 2)].map((w, k) => ({ ...w, name: `l${k}` }));
    const p = makeTileParams({ rows: 4, cols: 3, weightBits: 4, window: 3, mode: "remap" });
    const unmet = (scope: BudgetScope) => planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: 200, scope })).unmetTargets;
    expect(unmet("model")).toEqual(["model"]);
    expect(unmet("layer")).toEqual(["l0", "l1"]);
    expect(unmet("tile")).toEqual(["l0 tile (0,0)", "l0 tile (0,1)", "l0 tile (1,0)", "l0 tile (1,1)", "l1 tile (0,0)"]);
    // A floor above the target holds each layer to the floor in the layer scope too.
    const floored = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: 5, scope: "layer", minLayerSqnrDb: 200 }));
    expect(floored.unmetTargets).toEqual(["l0", "l1"]);
    expect(planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: 5, scope: "layer" })).unmetTargets).toEqual([]);
    // A negative target with no floor caps nothing: the fewest crossbars of all.
    const free = planBudget(layers, p, "layer", makeBudgetParams({ targetSqnrDb: -100, scope: "layer" }));
    const fewest = layers.reduce((sum, w, k) => {
      const q = quantizeMatrix(w, { weightBits: 4, window: 3, scale: "layer" });
      const plans = budgetLayerPlans(q, p, { depths: new Array(free.layers[k].depths.length).fill(3), rowOrder: null });
      return sum + plans.reduce((s, t) => s + t.plan.crossbars.length, 0);
    }, 0);
    expect(free.total.crossbars).toBe(fewest);
  });

  it("says which layer a wrong depth list or row order belongs to", () => {
    const q = quantizeMatrix(syntheticMatrix(6, 5, 1), { weightBits: 4, window: 3, scale: "layer" });
    const p = makeTileParams({ rows: 4, cols: 3, weightBits: 4, window: 3, mode: "remap" });
    expect(() => budgetLayerPlans(q, p, { depths: [0, 0, 0], rowOrder: null })).toThrow(`budget plans: layer ${q.name} has 8 groups but 3 depths were given`);
    expect(() => budgetLayerPlans(q, p, { depths: new Array(8).fill(0), rowOrder: [0, 1, 2] })).toThrow(
      `budget plans: layer ${q.name} has 6 rows but the row order names 3`,
    );
  });

  it("analyzeModel adds the budget mapping next to the other modes when asked, from the same quantized weights", () => {
    const layers = [syntheticMatrix(40, 30, 1), syntheticMatrix(25, 50, 2)].map((w, k) => ({ ...w, name: `l${k}` }));
    const p = makeTileParams({ rows: 16, cols: 16, mode: "remap" });
    const budget = makeBudgetParams({ targetSqnrDb: 20, scope: "layer" });
    const m = analyzeModel({ source: "mem", layers }, p, { budget });
    expect(m.budget).toEqual(planBudget(layers, p, "layer", budget));
    expect(analyzeModel({ source: "mem", layers }, p)).not.toHaveProperty("budget");
    expect(m.budget!.layers.map((l) => l.name)).toEqual(["l0", "l1"]);
    const json = JSON.parse(formatAnalysisJson(m)) as { budget: { layers: Array<{ depths: number[] }>; total: { crossbars: number } } };
    expect(json.budget.total.crossbars).toBe(m.budget!.total.crossbars);
    expect(json.budget.layers[0].depths).toEqual(m.budget!.layers[0].depths);
  });

  it("rejects bad budget parameters with one clear line", () => {
    expect(() => makeBudgetParams({ scope: "chip" as BudgetScope })).toThrow(/scope must be one of model, layer, tile/);
    expect(() => makeBudgetParams({ targetSqnrDb: Number.NaN })).toThrow(/targetSqnrDb must be a number of dB/);
    expect(() => makeBudgetParams({ extra: 1 } as never)).toThrow(/invalid budget parameters/);
    expect(makeBudgetParams()).toEqual({ targetSqnrDb: 23, scope: "model", minLayerSqnrDb: null, permuteRows: false });
    expect(() => makeBudgetParams({ permuteRows: "yes" as never })).toThrow(/permuteRows must be true or false/);
    expect(() => planBudget([], handParams, "layer", makeBudgetParams())).toThrow(/no layers/);
    // Both dB keys: -100 .. 200 dB inclusive, null allowed for the floor only.
    for (const key of ["targetSqnrDb", "minLayerSqnrDb"] as const) {
      expect(makeBudgetParams({ [key]: -100 })[key]).toBe(-100);
      expect(makeBudgetParams({ [key]: 200 })[key]).toBe(200);
      expect(() => makeBudgetParams({ [key]: -100.5 })).toThrow(`invalid budget parameters: ${key} must be at least -100 dB`);
      expect(() => makeBudgetParams({ [key]: 200.5 })).toThrow(`invalid budget parameters: ${key} must be at most 200 dB`);
      expect(() => makeBudgetParams({ [key]: "20" as never })).toThrow(`invalid budget parameters: ${key} must be a number of dB`);
    }
    expect(makeBudgetParams({ minLayerSqnrDb: null }).minLayerSqnrDb).toBeNull();
    expect(() => makeBudgetParams({ targetSqnrDb: null as never })).toThrow("targetSqnrDb must be a number of dB");
    expect(() => makeBudgetParams({ scope: "chip" as BudgetScope })).toThrow("invalid budget parameters: scope must be one of model, layer, tile");
  });

  it("reads the registry's keys: null and absent keys take the defaults, overrides win", () => {
    expect(budgetParamsOf({})).toEqual(BUDGET_DEFAULTS);
    expect(budgetParamsOf({ targetSqnr: null, budgetScope: null, minLayerSqnr: null })).toEqual(BUDGET_DEFAULTS);
    expect(budgetParamsOf({ targetSqnr: 18, budgetScope: "tile", minLayerSqnr: 12 })).toEqual({
      targetSqnrDb: 18,
      scope: "tile",
      minLayerSqnrDb: 12,
      permuteRows: false,
    });
    expect(budgetParamsOf({ targetSqnr: 18, budgetScope: "tile" }, { targetSqnrDb: 30, permuteRows: true })).toEqual({
      targetSqnrDb: 30,
      scope: "tile",
      minLayerSqnrDb: null,
      permuteRows: true,
    });
  });
});
