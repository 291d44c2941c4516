import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileLayerModel, floatReference, planForTile } from "../../src/sme/layer.js";
import { matrixFromRows } from "../../src/sme/matrix.js";
import { makeTileParams } from "../../src/sme/params.js";
import { seededRandom, syntheticMatrix } from "../../src/sme/synthetic.js";
import { integerProduct } from "../../src/sme/tile-model.js";
import { runs } from "../property-runs.js";

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
    expect(() => planForTile(w, p, { tileRow: 2 })).toThrow(
      /tile \(2,0\) does not exist in layer w: a 3x3 matrix has 2x2 tiles of 2x2; pick ROW in 0\.\.1 and COL in 0\.\.1/,
    );
    expect(() => compileLayerModel(w, p).run([1, 2])).toThrow(/expected 3 inputs/);
  });
});
