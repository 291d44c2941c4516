import { describe, expect, it } from "vitest";
import { kernelWeights, QuantizationCache } from "../../src/accuracy/weights.js";
import { budgetLayerCodes, makeBudgetParams } from "../../src/sme/budget/index.js";
import { analyzeModel } from "../../src/sme/metrics.js";
import { makeTileParams } from "../../src/sme/params.js";
import { quantizeMatrix } from "../../src/sme/quantize.js";
import { syntheticMatrix } from "../../src/sme/synthetic.js";

describe("kernel weights of the budget mode", () => {
  const model = { source: "mem", layers: [syntheticMatrix(40, 24, 1), { ...syntheticMatrix(30, 20, 2), name: "w2" }] };
  const p = makeTileParams({ rows: 16, cols: 8, mode: "budget" });

  it("are the budget plan's mapped codes times delta, with its SQNR and dropped cells", () => {
    const budget = makeBudgetParams({ targetSqnrDb: 16 });
    const a = analyzeModel(model, p, { budget }).budget!;
    const k = kernelWeights(model, { kind: "mapped", params: p, scale: "layer", budget }, new QuantizationCache(), a);
    model.layers.forEach((w, i) => {
      const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
      const codes = budgetLayerCodes(q, p, a.layers[i]!);
      expect(Array.from(k.values.get(w.name)!)).toEqual(Array.from(codes, (c, n) => Math.fround(c * q.delta[n % w.cols]!)));
      expect(k.sqnrDb.get(w.name)).toBeCloseTo(a.layers[i]!.metrics.sqnrMappedDb, 9);
    });
    expect(k.totalSqnrDb).toBeCloseTo(a.total.sqnrMappedDb, 9);
    expect(k.totalSqnrDb).toBeGreaterThanOrEqual(16);
    expect(k.droppedCells).toBe(a.total.droppedCells);
    expect(k.droppedCells).toBeGreaterThan(0);
  });

  it("need the budget mapping of the model", () => {
    expect(() => kernelWeights(model, { kind: "mapped", params: p, scale: "layer" }, new QuantizationCache())).toThrow(/needs the budget mapping/);
  });
});
