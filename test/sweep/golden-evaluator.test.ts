import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { estimateCost } from "../../src/cost/estimate.js";
import { smePreset } from "../../src/cost/presets.js";
import { chooseFigures } from "../../src/report/figures.js";
import { runSweep } from "../../src/sweep/runner.js";
import { parseSweepSpec } from "../../src/sweep/spec.js";
import { tempModel, writeNpy } from "./helpers.js";

// Codes equal the values: max |w| = 15 = qmax(4, 4), so delta = 1 and quantization is exact.
const weights = [
  [8, 0, 0, 0],
  [1, 0, 0, 0],
  [0, 0, 0, -3],
  [0, 0, 0, 15],
];

describe("golden-model evaluator", () => {
  it("counts crossbars per mode as worked out by hand and prices them with the cost table", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, weights);
    const spec = parseSweepSpec({ model, rows: 4, cols: 4, weightBits: 4, window: 4, mode: "dense,bitslice,remap" });
    const run = await runSweep({ spec, outDir: join(dir, "out"), jobs: 1 });
    const byMode = Object.fromEntries(run.results.map((r) => [r.point.mode, r]));
    // Positive bit-rows: (0,3) (1,0) (3,0..3); negative: (2,0) (2,1).
    // dense: N = 4 crossbars per sign. bitslice: positive k = 0..3 all non-empty (15 at row 3), negative k = 0, 1.
    // remap: 6 positive bit-rows fill 2 crossbars of 4 rows, 2 negative bit-rows 1.
    expect(byMode.dense!.totals.physicalCrossbars).toBe(8);
    expect(byMode.bitslice!.totals.physicalCrossbars).toBe(6);
    expect(byMode.remap!.totals.physicalCrossbars).toBe(3);
    expect(byMode.remap!.totals.ratioToDense).toBeCloseTo(3 / 8, 12);
    expect(byMode.bitslice!.totals.cells).toBe(6 * 16);
    // Exact codes: no error, which JSON stores as null (an infinite SQNR).
    expect(byMode.bitslice!.totals.sqnrMappedDb).toBeNull();
    expect(byMode.dense!.totals.rowMapBits).toBe(0);
    const est = estimateCost(smePreset, { rows: 4, cols: 4, physicalCrossbars: 6, inputCycles: 8, ouRows: 4, dacBits: 1, adcBits: 3, rowMapBits: 0 });
    expect(byMode.bitslice!.adcBits).toBe(3);
    expect(byMode.bitslice!.totals.areaMm2).toBeCloseTo(est.areaMm2.total, 15);
    expect(byMode.bitslice!.totals.energyNj).toBeCloseTo(est.energyNj.total, 12);
    expect(byMode.bitslice!.layers).toHaveLength(1);
    const parts = byMode.bitslice!.costBreakdown!;
    expect(Object.values(parts.areaMm2).reduce((a, b) => a + b, 0)).toBeCloseTo(est.areaMm2.total, 15);
    expect(parts.energyNj.adc).toBeCloseTo(est.energyNj.adc, 12);
    // Only the mapping varies: the paper's Fig. 8 pair plus where area and energy go.
    expect(chooseFigures(run.results, "w", "").map((f) => f.id)).toEqual(["crossbars-by-mode", "area-by-component", "energy-by-component"]);
  });

  it("drops low bits in squeeze mode, lowering the mapped SQNR, and stores RCMR bits", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, weights);
    const spec = parseSweepSpec({ model, rows: 4, cols: 4, weightBits: 4, window: 4, mode: "squeeze", squeeze: 1 });
    const [r] = (await runSweep({ spec, outDir: join(dir, "out"), jobs: 1 })).results;
    // Rows 0 (8) and 3 (15) are non-empty in the top bit and shift by 1: 15 keeps 14, the 1 of row 3 is dropped.
    expect(r!.totals.sqnrMappedDb).toBeCloseTo(10 * Math.log10((64 + 1 + 9 + 225) / 1), 9);
    // One shift bit per row (D = 1) for each sign that has a crossbar: both do (row 2 holds -3), so 2 x 4 rows.
    expect(r!.totals.rowMapBits).toBe(8);
    expect(r!.totals.inputCycles).toBe(9);
  });

  it("reports a layer name that is not in the model before evaluating points", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, weights);
    const spec = parseSweepSpec({ model, layer: "nope", rows: "2,4", cols: 4 }); // two configurations: two workers
    await expect(runSweep({ spec, outDir: join(dir, "out"), jobs: 2 })).rejects.toThrow(/no kernel named nope/);
  });
});
