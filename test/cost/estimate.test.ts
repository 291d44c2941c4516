import { describe, expect, it } from "vitest";
import { addEstimates, estimateCost } from "../../src/cost/estimate.js";
import { isaacPreset, smePreset } from "../../src/cost/presets.js";

const isaacIma = { rows: 128, cols: 128, physicalCrossbars: 8, inputCycles: 8, ouRows: 128, dacBits: 1, adcBits: 8, rowMapBits: 0 };

describe("estimateCost", () => {
  it("reproduces one ISAAC IMA (8 crossbars of 128x128, 8 input cycles) by hand", () => {
    const e = estimateCost(isaacPreset, isaacIma);
    // Area: 8 x 25 um^2 arrays, 1024 x 0.166 um^2 DACs, 1024 x 0.039 um^2 S+H, 8 x 1200 um^2 ADCs, 4 x 60 um^2 S+A.
    expect(e.areaMm2.crossbarArray).toBeCloseTo(0.0002, 10);
    expect(e.areaMm2.dac).toBeCloseTo(0.00017, 10);
    expect(e.areaMm2.sampleHold).toBeCloseTo(0.00004, 10);
    expect(e.areaMm2.adc).toBeCloseTo(0.0096, 10);
    expect(e.areaMm2.shiftAdd).toBeCloseTo(0.00024, 10);
    expect(e.areaMm2.mux).toBe(0);
    expect(e.areaMm2.register).toBe(0);
    expect(e.areaMm2.total).toBeCloseTo(0.01025, 10);
    // 64 reads of 100 ns (128 columns at 1.28 GS/s); 8192 conversions.
    expect(e.latencyNs).toBeCloseTo(800, 9);
    expect(e.adcConversions).toBe(8192);
    expect(e.energyNj.crossbarArray).toBeCloseTo((64 * 0.3 * 100) / 1000, 9); // 1.92 nJ
    expect(e.energyNj.dac).toBeCloseTo(3.2, 9); // 8192 row drives x 3.90625 uW x 100 ns
    expect(e.energyNj.sampleHold).toBeCloseTo(0.008, 9);
    expect(e.energyNj.adc).toBeCloseTo(12.8, 9); // 8192 x 2 mW / 1.28 GS/s
    expect(e.energyNj.shiftAdd).toBeCloseTo(0.32, 9);
    expect(e.energyNj.total).toBeCloseTo(18.248, 9);
  });

  it("scales the ADC by 2^bits, the DAC by its levels, and splits reads into OU groups", () => {
    const w = { rows: 128, cols: 128, physicalCrossbars: 2, inputCycles: 5, ouRows: 16, dacBits: 2, adcBits: 5, rowMapBits: 256 };
    const e = estimateCost(smePreset, w);
    const tRead = 128 / 1.2; // ns
    const reads = 2 * 5 * 8;
    expect(e.latencyNs).toBeCloseTo(5 * 8 * tRead, 9);
    expect(e.adcConversions).toBe(reads * 128);
    // 5-bit ADC is half the 6-bit reference: 10240 x 0.6425 mW x 0.5 / 1.2 GS/s.
    expect(e.energyNj.adc).toBeCloseTo((10240 * 0.6425 * 0.5) / 1.2 / 1000, 9);
    expect(e.areaMm2.adc).toBeCloseTo(2 * (4.7e-3 / 8) * 0.5, 12);
    // 2-bit DAC: 3 levels against 1; each read drives 16 rows.
    expect(e.areaMm2.dac).toBeCloseTo(2 * 128 * (0.34e-3 / 1024) * 3, 12);
    expect(e.energyNj.dac).toBeCloseTo((reads * 16 * (4.25 / 1024) * 3 * tRead) / 1000, 9);
    // An OU read powers 16 of 128 rows, so the array energy per VMM is that of T full reads.
    expect(e.energyNj.crossbarArray).toBeCloseTo((2 * 5 * (1.3 / 8) * tRead) / 1000, 9);
    // Row-map bits: 256 bits of ISAAC's 2 KB register figure.
    expect(e.areaMm2.register).toBeCloseTo((256 * 2.1e-3) / 16384, 12);
    expect(e.energyNj.register).toBeCloseTo((256 * (1.24 / 16384) * e.latencyNs) / 1000, 9);
  });

  it("grows with physical crossbars and input cycles, and smaller tiles scale cells and columns", () => {
    const base = estimateCost(smePreset, { ...isaacIma, adcBits: 6 });
    const twice = estimateCost(smePreset, { ...isaacIma, adcBits: 6, physicalCrossbars: 16 });
    expect(twice.areaMm2.total).toBeCloseTo(2 * base.areaMm2.total, 12);
    expect(twice.energyNj.total).toBeCloseTo(2 * base.energyNj.total, 9);
    const longer = estimateCost(smePreset, { ...isaacIma, adcBits: 6, inputCycles: 11 });
    expect(longer.energyNj.total / base.energyNj.total).toBeCloseTo(11 / 8, 9);
    const small = estimateCost(smePreset, { ...isaacIma, adcBits: 6, rows: 64, cols: 64, ouRows: 64 });
    expect(small.areaMm2.crossbarArray).toBeCloseTo(base.areaMm2.crossbarArray / 4, 12);
    expect(small.areaMm2.mux).toBeCloseTo(base.areaMm2.mux / 2, 12);
    expect(small.latencyNs).toBeCloseTo(base.latencyNs / 2, 9);
  });

  it("adds the estimates of layers", () => {
    const a = estimateCost(isaacPreset, isaacIma);
    const sum = addEstimates([a, a, a]);
    expect(sum.areaMm2.total).toBeCloseTo(3 * a.areaMm2.total, 12);
    expect(sum.energyNj.adc).toBeCloseTo(3 * a.energyNj.adc, 9);
    expect(sum.latencyNs).toBeCloseTo(2400, 9);
  });
});
