import { describe, expect, it } from "vitest";
import { emptyRange, mergeRanges, observeRange, quantizeActivations, quantizerFor } from "../../src/accuracy/activations.js";

describe("activation quantization", () => {
  it("calibrates the scale so the largest input maps to the top code", () => {
    const r = emptyRange();
    observeRange(r, Float32Array.from([0.5, 2.55, 1, 0]));
    expect(r).toEqual({ maxAbs: Math.fround(2.55), signed: false });
    const q = quantizerFor(r, 8);
    expect(q.scale).toBeCloseTo(Math.fround(2.55) / 255, 12);
    const out = new Float32Array(4);
    const { clipped, codes } = quantizeActivations(Float32Array.from([0.5, 2.55, 1, 0]), q, out, true);
    expect(clipped).toBe(0);
    expect(Array.from(codes!.positive)).toEqual([50, 255, 100, 0]);
    expect(codes!.negative).toBeNull();
    expect(out[1]).toBeCloseTo(2.55, 5);
  });

  it("rounds half up, clips above the calibrated range and zeroes negatives of an unsigned layer", () => {
    const q = { bits: 2, scale: 1, signed: false };
    const x = Float32Array.from([0.49, 0.5, 1.5, 2.5, 3.4, 7, -2]);
    const out = new Float32Array(x.length);
    const { clipped, codes } = quantizeActivations(x, q, out, true);
    expect(Array.from(codes!.positive)).toEqual([0, 1, 2, 3, 3, 3, 0]);
    expect(Array.from(out)).toEqual([0, 1, 2, 3, 3, 3, -0]);
    expect(clipped).toBe(1);
  });

  it("feeds a signed layer as a positive and a negative part with one scale", () => {
    const r = emptyRange();
    observeRange(r, Float32Array.from([-1, 0.25, 0.5]));
    expect(r.signed).toBe(true);
    const q = quantizerFor(r, 3);
    const x = Float32Array.from([-1, -0.5, 0.25, 0]);
    const out = new Float32Array(4);
    const { codes } = quantizeActivations(x, q, out, true);
    expect(Array.from(codes!.positive)).toEqual([0, 0, 2, 0]);
    expect(Array.from(codes!.negative!)).toEqual([7, 4, 0, 0]);
    const without = new Float32Array(4);
    quantizeActivations(x, q, without, false);
    expect(Array.from(without)).toEqual(Array.from(out));
    expect(Array.from(out, (v) => Math.round(v / q.scale))).toEqual([-7, -4, 2, 0]);
  });

  it("uses 16-bit codes above 8 bits and merges ranges", () => {
    const { codes } = quantizeActivations(Float32Array.from([1]), { bits: 12, scale: 1 / 4095, signed: false }, new Float32Array(1), true);
    expect(codes!.positive).toBeInstanceOf(Uint16Array);
    expect(codes!.positive[0]).toBe(4095);
    const a = { maxAbs: 2, signed: false };
    mergeRanges(a, { maxAbs: 1, signed: true });
    expect(a).toEqual({ maxAbs: 2, signed: true });
  });
});
