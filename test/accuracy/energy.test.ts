import { describe, expect, it } from "vitest";
import { inferenceCost } from "../../src/accuracy/energy.js";
import { estimateCost } from "../../src/cost/estimate.js";
import { smePreset } from "../../src/cost/presets.js";
import type { ModeMetrics } from "../../src/sme/metrics.js";
import { makeTileParams } from "../../src/sme/params.js";

const metrics = (crossbars: number, inputCycles: number, rowMapBits: number): ModeMetrics => ({
  crossbars,
  ratioToDense: 1,
  cells: 0,
  droppedCells: 0,
  droppedBitRows: 0,
  sqnrMappedDb: 30,
  maxShift: 0,
  inputCycles,
  rowMapBits,
  errorEnergy: 0,
});

describe("energy and latency per inference", () => {
  it("multiplies each layer's VMM pass by its passes: doubled for a signed input, a tile column's share for depthwise", () => {
    const p = makeTileParams({ rows: 64, cols: 64 });
    const conv = metrics(24, 9, 64);
    const dw = metrics(8, 10, 128);
    const cost = inferenceCost(smePreset, p, [
      { name: "c", kind: "conv", vectorsPerInference: 100, signed: true, tileCols: 2, metrics: conv },
      { name: "d", kind: "depthwise", vectorsPerInference: 40, signed: false, tileCols: 4, metrics: dw },
    ]);
    const pass = (m: ModeMetrics) =>
      estimateCost(smePreset, {
        rows: 64,
        cols: 64,
        physicalCrossbars: m.crossbars,
        inputCycles: m.inputCycles,
        ouRows: 64,
        dacBits: 1,
        adcBits: p.adcBits,
        rowMapBits: m.rowMapBits,
      });
    expect(cost.layers[0]!.passes).toBe(200);
    expect(cost.layers[0]!.energyNj).toBeCloseTo(200 * pass(conv).energyNj.total, 9);
    expect(cost.layers[1]!.energyNj).toBeCloseTo((40 * pass(dw).energyNj.total) / 4, 9);
    expect(cost.latencyNs).toBeCloseTo(200 * pass(conv).latencyNs + 40 * pass(dw).latencyNs, 6);
    expect(cost.passes).toBe(240);
    expect(cost.energyNj).toBeCloseTo(cost.layers[0]!.energyNj + cost.layers[1]!.energyNj, 9);
  });
});
