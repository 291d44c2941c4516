import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { budgetLayerCodes, budgetLayerPlans, planBudget, planBudgetTile } from "../../src/sme/budget/analyze.js";
import { makeBudgetParams } from "../../src/sme/budget/options.js";
import { compileLayerModel, floatReference, planForTile } from "../../src/sme/layer.js";
import { quantizeMatrix } from "../../src/sme/quantize.js";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { makeTileParams } from "../../src/sme/params.js";
import { seededRandom, syntheticMatrix } from "../../src/sme/synthetic.js";
import { integerProduct } from "../../src/sme/tile-model.js";
import { heavyRuns, runs } from "../property-runs.js";

describe("layer model", () => {
  it("is the digital sum of its tiles: lossless modes give the integer product of the whole quantized layer", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("dense" as const, "bitslice" as const, "remap" as const),
        fc.nat(),
        (rows, cols, R, C, mode, seed) => {
          const w = syntheticMatrix(rows, cols, seed);
          const p = makeTileParams({ rows: R, cols: C, mode, actBits: 4 });
          const layer = compileLayerModel(w, p);
          const rand = seededRandom(seed + 1);
          const x = Array.from({ length: rows }, () => Math.floor(rand() * 16));
          expect(Array.from(layer.run(x))).toEqual(Array.from(integerProduct(layer.quantized.codes, rows, cols, x)));
          expect(layer.plans.length).toBe(Math.ceil(rows / R) * Math.ceil(cols / C));
        },
      ),
      { numRuns: runs(100) },
    );
  });

  it("in mode budget, runs the layer's budget plans (target over the layer) and gives the product of their codes", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.constantFrom("layer" as const, "channel" as const),
        fc.nat(),
        (rows, cols, R, C, target, scale, seed) => {
          const w = syntheticMatrix(rows, cols, seed, { zeroFraction: 0.2 });
          const p = makeTileParams({ rows: R, cols: C, weightBits: 5, window: 3, mode: "budget", actBits: 4 });
          const budget = makeBudgetParams({ targetSqnrDb: target, scope: "tile", permuteRows: true });
          const layer = compileLayerModel(w, p, scale, budget);
          // The layer alone under the target, scope kept, rows in kernel order.
          const chosen = planBudget([w], p, scale, { ...budget, permuteRows: false }).layers[0];
          expect(chosen.rowOrder).toBeNull();
          expect(Array.from(layer.quantized.codes)).toEqual(Array.from(quantizeMatrix(w, { weightBits: 5, window: 3, scale }).codes));
          expect(layer.plans).toEqual(budgetLayerPlans(layer.quantized, p, chosen).map((t) => t.plan));
          const rand = seededRandom(seed + 1);
          const x = Array.from({ length: rows }, () => Math.floor(rand() * 16));
          expect(Array.from(layer.run(x))).toEqual(Array.from(integerProduct(budgetLayerCodes(layer.quantized, p, chosen), rows, cols, x)));
        },
      ),
      { numRuns: heavyRuns(60) },
    );
    // Without budget parameters: the default target over the layer.
    const w = syntheticMatrix(9, 6, 4);
    const p = makeTileParams({ rows: 4, cols: 3, weightBits: 5, window: 3, mode: "budget" });
    expect(compileLayerModel(w, p).plans).toEqual(
      budgetLayerPlans(quantizeMatrix(w, { weightBits: 5, window: 3, scale: "layer" }), p, planBudget([w], p, "layer", makeBudgetParams()).layers[0]).map(
        (t) => t.plan,
      ),
    );
  });

  it("planForTile in mode budget is the tile's own budget plan (default target when none is given)", () => {
    const w = syntheticMatrix(11, 7, 5, { zeroFraction: 0.2 });
    const p = makeTileParams({ rows: 4, cols: 3, weightBits: 5, window: 3, mode: "budget" });
    for (const budget of [undefined, makeBudgetParams({ targetSqnrDb: 12, scope: "model" })]) {
      for (const scale of ["layer", "channel"] as const) {
        const got = planForTile(w, p, { scale, tileRow: 2, tileCol: 1, budget });
        const want = planBudgetTile(w, p, { scale, tileRow: 2, tileCol: 1 }, budget ?? makeBudgetParams());
        expect(got).toEqual({ quantized: want.quantized, tile: want.tile, plan: want.plan });
      }
    }
  });

  it("scaled by delta, approximates the float reference x * W", () => {
    const w = syntheticMatrix(64, 16, 3);
    const p = makeTileParams({ rows: 32, cols: 8, window: 8, mode: "bitslice" });
    const layer = compileLayerModel(w, p);
    const x = Array.from({ length: 64 }, (_, i) => (i * 29) % 256);
    const y = layer.run(x);
    const ref = floatReference(w, x);
    const err = Math.max(...Array.from(ref, (r, j) => Math.abs(r - y[j] * layer.quantized.delta[j])));
    const scale = Math.max(...Array.from(ref, Math.abs));
    expect(err / scale).toBeLessThan(0.02);
  });

  it("planForTile picks the requested tile and names the valid range otherwise", () => {
    const w = matrixFromRows("w", [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const p = makeTileParams({ rows: 2, cols: 2, mode: "dense" });
    const { tile } = planForTile(w, p, { tileRow: 1, tileCol: 1 });
    expect(Array.from(tile.codes)).toEqual([224, 0, 0, 0]);
    // The scale mode reaches the quantizer; per layer by default, in planForTile and in the layer model alike.
    const perColumn = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "channel" });
    expect(planForTile(w, p, { scale: "channel" }).quantized).toEqual(perColumn);
    expect(compileLayerModel(w, p, "channel").quantized).toEqual(perColumn);
    const perLayer = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" });
    expect(perLayer.codes).not.toEqual(perColumn.codes);
    expect(planForTile(w, p).quantized).toEqual(perLayer);
    expect(compileLayerModel(w, p).quantized).toEqual(perLayer);
    expect(() => planForTile(w, p, { tileRow: 2 })).toThrow(
      /tile \(2,0\) does not exist in layer w: a 3x3 matrix has 2x2 tiles of 2x2; pick ROW in 0\.\.1 and COL in 0\.\.1/,
    );
    expect(() => compileLayerModel(w, p).run([1, 2])).toThrow(/expected 3 inputs/);
  });
});
