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

  it("plans budget points at their targets as worked out by hand; area and energy include the row-map entries and the digits of the largest shift", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, weights);
    const spec = parseSweepSpec({ model, rows: 4, cols: 4, weightBits: 4, window: 4, mode: "squeeze-min,budget", squeeze: 2, targetSqnr: "10,20" });
    const run = await runSweep({ spec, outDir: join(dir, "out"), jobs: 1 });
    const at = (t: number) => run.results.find((r) => r.point.mode === "budget" && r.point.targetSqnr === t)!;
    // Signal 64 + 1 + 9 + 225 = 299. The negative group (row 2: 3) fits one crossbar at any depth, losslessly at depth 0.
    // Positive rows 8, 1, 15: depth 2 keeps 8, 1 and 12 (error 9) in 4 bit-rows, one crossbar: 15.2 dB >= 10 dB.
    expect(at(10).totals.physicalCrossbars).toBe(2);
    expect(at(10).totals.sqnrMappedDb).toBeCloseTo(10 * Math.log10(299 / 9), 9);
    // 20 dB allows an error of 2.99: depths 0 and 1 both need two crossbars, and depth 0 loses nothing.
    expect(at(20).totals.physicalCrossbars).toBe(3);
    expect(at(20).totals.sqnrMappedDb).toBeNull();
    // Depth 2's crossbar holds bits 3, 3, 2 and 0: shifts up to 3, T = ceil((8 + 3) / 1) = 11 digits.
    const r = at(10);
    expect(r.totals.inputCycles).toBe(11);
    // Entries {valid, src, shift} of 1 + 2 + 2 bits for every row of every crossbar.
    expect(r.totals.rowMapBits).toBe(2 * 4 * 5);
    const est = estimateCost(smePreset, { rows: 4, cols: 4, physicalCrossbars: 2, inputCycles: 11, ouRows: 4, dacBits: 1, adcBits: 3, rowMapBits: 40 });
    expect(r.totals.areaMm2).toBeCloseTo(est.areaMm2.total, 15);
    expect(r.totals.energyNj).toBeCloseTo(est.energyNj.total, 12);
    expect(r.costBreakdown!.areaMm2.register).toBeGreaterThan(0);
    expect(r.key).toMatch(/mode=budget,squeeze=0,.*,scale=layer,targetSqnr=10,budgetScope=model$/);
    // Two targets: the curve of crossbars against SQNR joins the per-mode figures.
    expect(chooseFigures(run.results, "w", "").map((f) => f.id)[0]).toBe("budget-crossbars-vs-sqnr");
  });

  it("reports a layer name that is not in the model before evaluating points", async () => {
    const { dir } = await tempModel();
    const model = join(dir, "w.npy");
    await writeNpy(model, weights);
    const spec = parseSweepSpec({ model, layer: "nope", rows: "2,4", cols: 4 }); // two configurations: two workers
    await expect(runSweep({ spec, outDir: join(dir, "out"), jobs: 2 })).rejects.toThrow(/no kernel named nope/);
  });
});
