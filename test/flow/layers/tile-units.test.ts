import { describe, expect, it } from "vitest";
import type { LayerInputs } from "../../../src/flow/layers/inputs.js";
import { randomInputs } from "../../../src/flow/layers/inputs.js";
import { checkLayer, layerProduct } from "../../../src/flow/layers/layer-check.js";
import { accumulateUnit, layerUnits, sequenceItem, sequenceLength, tileVectors } from "../../../src/flow/layers/tile-units.js";
import { compileTileModel, makeTileParams, mapTile, quantizeMatrix, seededRandom, type TileParams, type WeightMatrix } from "../../../src/sme/index.js";
import { mapLayerCodes } from "../../../src/sme/layer-mapping.js";

function matrix(name: string, rows: number, cols: number, kind: WeightMatrix["kind"], seed: number): WeightMatrix {
  const rand = seededRandom(seed);
  const data = Float32Array.from({ length: rows * cols }, () => (rand() < 0.15 ? 0 : (rand() - 0.5) * 0.4));
  const shape = kind === "depthwise" ? [3, 3, cols, 1] : [rows, cols];
  return { name, rows, cols, data, shape, kind };
}

/** The tiles' outputs as the golden tile model gives them, added up the way the run adds the simulator's. */
function goldenLayer(w: WeightMatrix, inputs: LayerInputs, p: TileParams, parts: number): { acc: Float64Array; streamed: number } {
  const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
  const acc = new Float64Array(inputs.count * inputs.fanOut);
  let streamed = 0;
  for (const u of layerUnits(0, q, inputs, p, p.actBits, parts)) {
    const model = compileTileModel(mapTile({ rows: p.rows, cols: p.cols, weightBits: p.weightBits, codes: u.codes }, p), p);
    const out = new Float64Array(u.count * p.cols);
    for (let i = 0; i < u.count; i++) out.set(model.run(u.vectors.subarray(i * p.rows, (i + 1) * p.rows)), i * p.cols);
    accumulateUnit(acc, u, out, inputs, p);
    streamed += u.count;
  }
  return { acc, streamed };
}

function signedInputs(w: WeightMatrix, actBits: number, count: number): LayerInputs {
  const pos = randomInputs(w, actBits, count, 3, 0);
  const neg = randomInputs(w, actBits, count, 4, 0);
  // A real signed input has one of the two parts zero at each element.
  for (let k = 0; k < pos.positive.length; k++) if (k % 3 === 0) pos.positive[k] = 0;
  for (let k = 0; k < neg.positive.length; k++) if (k % 3 !== 0) neg.positive[k] = 0;
  return { ...pos, negative: neg.positive };
}

describe("whole-layer tiles", () => {
  const p = makeTileParams({ rows: 8, cols: 4, weightBits: 6, window: 3, actBits: 5, mode: "squeeze-min", squeeze: 2 });

  it("zero-pads edge tiles, streams both sign parts and adds the row tiles' outputs into the layer's integer product", () => {
    // 19 x 11: three row tiles (the last with 3 rows) and three column tiles (the last with 3 columns).
    const w = matrix("conv", 19, 11, "conv", 5);
    const inputs = signedInputs(w, p.actBits, 7);
    const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
    const product = layerProduct(inputs, mapLayerCodes(q, p).mappedCodes);
    for (const parts of [1, 3]) {
      const { acc, streamed } = goldenLayer(w, inputs, p, parts);
      expect(streamed).toBe(3 * 3 * 2 * 7);
      expect(Array.from(acc)).toEqual(Array.from(product));
    }
    // The padded rows of the last row tile hold zeros.
    const v = tileVectors(inputs, p, 2, 0, 0, 1, p.actBits);
    expect(Array.from(v.subarray(3))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(v.subarray(0, 3))).toEqual(Array.from(inputs.positive.subarray(16, 19)));
    // The negative pass follows the positive one.
    expect(sequenceItem(inputs, p, 0, 7)).toEqual({ pass: 1, vector: 0, column: null });
    expect(Array.from(tileVectors(inputs, p, 0, 0, 7, 8, p.actBits))).toEqual(Array.from(inputs.negative!.subarray(0, 8)));
  });

  it("streams a depthwise tile one patch per column and keeps only the patch's own column", () => {
    // 9 x 11 depthwise: column j meets only channel j's patch; two row tiles of 8 (9 taps) and three column tiles.
    const w = matrix("dw_depthwise", 9, 11, "depthwise", 6);
    const inputs = randomInputs(w, p.actBits, 5, 9, 1);
    expect(inputs.layout).toBe("depthwise");
    expect(inputs.positive.length).toBe(5 * 11 * 9);
    const q = quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" });
    const product = layerProduct(inputs, mapLayerCodes(q, p).mappedCodes);
    // By hand: position 2, column 7 is its own patch times column 7.
    let want = 0;
    const mapped = mapLayerCodes(q, p).mappedCodes;
    for (let i = 0; i < 9; i++) want += inputs.positive[(2 * 11 + 7) * 9 + i]! * mapped[i * 11 + 7]!;
    expect(product[2 * 11 + 7]).toBe(want);
    const { acc, streamed } = goldenLayer(w, inputs, p, 2);
    // Per row tile: 5 positions x 11 columns.
    expect(streamed).toBe(2 * 5 * 11);
    expect(Array.from(acc)).toEqual(Array.from(product));
    // Tile column 1 (columns 4..7), sequence position 6 = position 1, its third column (layer column 6).
    expect(sequenceLength(inputs, p, 1)).toBe(5 * 4);
    expect(sequenceItem(inputs, p, 1, 6)).toEqual({ pass: 0, vector: 1, column: 6 });
    expect(Array.from(tileVectors(inputs, p, 0, 1, 6, 7, p.actBits))).toEqual(Array.from(inputs.positive.subarray((1 * 11 + 6) * 9, (1 * 11 + 6) * 9 + 8)));
  });

  it("measures what a saturating ADC does to the summed partial sums instead of calling it equal", () => {
    const lossy = makeTileParams({ ...p, ouRows: 8, adcBits: 2 });
    const w = matrix("conv", 16, 8, "conv", 8);
    const inputs = randomInputs(w, lossy.actBits, 6, 2, 0);
    const q = quantizeMatrix(w, { weightBits: lossy.weightBits, window: lossy.window, scale: "layer" });
    const mapped = mapLayerCodes(q, lossy).mappedCodes;
    const { acc } = goldenLayer(w, inputs, lossy, 1);
    const check = checkLayer(acc, inputs, mapped, q.delta, w);
    expect(check.differing).toBeGreaterThan(0);
    expect(check.maxAbsError).toBeGreaterThan(0);
    expect(Number.isFinite(check.adcSqnrDb)).toBe(true);
    const k = check.first!.vector * 8 + check.first!.column;
    expect(check.first).toMatchObject({ product: layerProduct(inputs, mapped)[k], tiles: acc[k] });
    // Lossless, the same layer's partial sums equal the product exactly.
    const exact = checkLayer(
      goldenLayer(w, inputs, p, 1).acc,
      inputs,
      mapLayerCodes(quantizeMatrix(w, { weightBits: p.weightBits, window: p.window, scale: "layer" }), p).mappedCodes,
      q.delta,
      w,
    );
    expect(exact).toMatchObject({ differing: 0, maxAbsError: 0, adcSqnrDb: Number.POSITIVE_INFINITY, first: null });
    expect(exact.outputSqnrDb).toBeGreaterThan(10);
  });

  it("compares the real output with the float layer on the same inputs, scaled by the trace's scale", () => {
    const w = matrix("fc", 8, 4, "dense", 11);
    const base = randomInputs(w, p.actBits, 3, 1, 0);
    const inputs = { ...base, scale: 0.25 };
    const q = quantizeMatrix(w, { weightBits: 8, window: 8, scale: "layer" });
    const acc = layerProduct(inputs, q.codes);
    const float = layerProduct(inputs, w.data, 0.25);
    let s = 0;
    let e = 0;
    for (let k = 0; k < acc.length; k++) {
      const d = float[k]! - 0.25 * q.delta[k % 4]! * acc[k]!;
      s += float[k]! ** 2;
      e += d * d;
    }
    expect(checkLayer(acc, inputs, q.codes, q.delta, w).outputSqnrDb).toBeCloseTo(10 * Math.log10(s / e), 9);
  });
});
