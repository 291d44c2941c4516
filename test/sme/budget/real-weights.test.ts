import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { planBudgetFromTables, budgetTable, type BudgetAnalysis } from "../../../src/sme/budget/analyze.js";
import { makeBudgetParams } from "../../../src/sme/budget/options.js";
import type { LayerBudgetTable } from "../../../src/sme/budget/tables.js";
import { loadModel } from "../../../src/sme/loaders/index.js";
import { analyzeModel } from "../../../src/sme/metrics.js";
import { makeTileParams } from "../../../src/sme/params.js";
import { quantizeMatrix } from "../../../src/sme/quantize.js";
import { projectRoot } from "../../../src/util/paths.js";

const file = resolve(projectRoot, "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json");
const p = makeTileParams({ rows: 128, cols: 128, weightBits: 8, window: 3, mode: "remap" });

describe("budget mapping of the face-api ResNet (128 x 128, N = 8, S = 3, per-layer scale)", () => {
  let tables: LayerBudgetTable[];
  let dense: number;
  let squeezeMin3: { crossbars: number; sqnr: number };
  const at = (targetSqnrDb: number, scope: "model" | "layer" = "model"): BudgetAnalysis =>
    planBudgetFromTables(tables, p, makeBudgetParams({ targetSqnrDb, scope }));
  beforeAll(async () => {
    const model = await loadModel(file);
    tables = model.layers.map((w) => budgetTable(w, quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" }), p, makeBudgetParams()));
    const m = analyzeModel(model, makeTileParams({ rows: 128, cols: 128, window: 3, squeeze: 3 })).total.modes;
    dense = m.dense!.crossbars;
    squeezeMin3 = { crossbars: m["squeeze-min"]!.crossbars, sqnr: m["squeeze-min"]!.sqnrMappedDb };
  });

  it("needs at least 2.10x fewer crossbars than dense at 23 dB over the model, at the dual bound", () => {
    const a = at(23);
    expect(dense).toBe(6080);
    expect(a.total.crossbars).toBeLessThanOrEqual(2895);
    expect(a.total.crossbars).toBe(2827);
    expect(a.total.sqnrMappedDb).toBeGreaterThanOrEqual(23);
    expect(a.lowerBound).toBe(a.total.crossbars);
    // The histogram counts every non-empty group (of 760 groups, 696 hold a non-zero code).
    const nonEmpty = tables.reduce(
      (n, t) => n + Array.from({ length: t.tileRows * t.tileCols * 2 }, (_, g) => t.bitRows[g * 8]).filter((b) => b > 0).length,
      0,
    );
    expect(a.depthHistogram.reduce((s, n) => s + n, 0)).toBe(nonEmpty);
    expect(a.total.maxShift).toBeLessThanOrEqual(7);
    // Fewer crossbars than squeeze-min D = 3, which reaches a similar SQNR.
    expect(squeezeMin3.sqnr).toBeGreaterThan(23);
    expect(a.total.crossbars).toBeLessThan(squeezeMin3.crossbars);
  });

  it("holds every layer at 23 dB with a layer target, and needs more crossbars for it", () => {
    const a = at(23, "layer");
    expect(a.unmetTargets).toEqual([]);
    for (const l of a.layers) expect(l.metrics.sqnrMappedDb).toBeGreaterThanOrEqual(23);
    expect(a.total.crossbars).toBeGreaterThan(at(23).total.crossbars);
    expect(a.lowerBound).toBeLessThanOrEqual(a.total.crossbars);
  });

  it("trades crossbars for SQNR monotonically from 18 to 26 dB", () => {
    const counts = [18, 20, 22, 24, 26].map((t) => at(t).total.crossbars);
    for (let k = 1; k < counts.length; k++) expect(counts[k]).toBeGreaterThan(counts[k - 1]);
    // Above the quantized SQNR (25.41 dB) nothing can be dropped: the remap crossbars.
    expect(counts[4]).toBe(4115);
  });
});
