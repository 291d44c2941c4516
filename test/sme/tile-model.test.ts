import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { makeTileParams } from "../../src/sme/params.js";
import { referenceTileModel } from "../../src/sme/tile-model-reference.js";
import { compileTileModel, integerProduct, toBigInts } from "../../src/sme/tile-model.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { tileCase } from "./arbitraries.js";

describe("tile model (design.md §3)", () => {
  it("with a lossless ADC equals the integer product of the mapped codes, in every mode", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile, x }) => {
        const plan = mapTile(tile, p);
        const model = compileTileModel(plan, p);
        expect(model.saturableColumns).toBe(0);
        expect(Array.from(model.run(x))).toEqual(Array.from(integerProduct(plan.mappedCodes, p.rows, p.cols, x)));
      }),
      { numRuns: 400 },
    );
  });

  it("with a saturating ADC equals design.md §3 written cell by cell", () => {
    fc.assert(
      fc.property(tileCase({ saturating: true }), ({ p, tile, x }) => {
        const plan = mapTile(tile, p);
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(referenceTileModel(plan, p, x)));
      }),
      { numRuns: 400 },
    );
  });

  it("matches design.md §3 for wide inputs too (16-bit activations, remap shifts, values not tabulated)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -255, max: 255 }), { minLength: 6 * 5, maxLength: 6 * 5 }),
        fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        (codes, x, dacBits, adcBits) => {
          const p = makeTileParams({ rows: 6, cols: 5, weightBits: 8, window: 8, actBits: 16, dacBits, adcBits, mode: "remap" });
          const plan = mapTile(tileFromCodes(6, 5, 8, codes), p);
          expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(referenceTileModel(plan, p, x)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("clamps each ADC read: one column of 4 ones read with a 2-bit ADC", () => {
    const tile = tileFromCodes(4, 1, 1, [1, 1, 1, 1]);
    const p = makeTileParams({ rows: 4, cols: 1, weightBits: 1, window: 1, actBits: 2, adcBits: 2, mode: "dense" });
    const model = compileTileModel(mapTile(tile, p), p);
    // x = 3,3,3,3: digit 0 count 4 -> 3, digit 1 count 4 -> 3 (x2): 3 + 6 = 9 instead of 12.
    expect(Array.from(model.run([3, 3, 3, 3]))).toEqual([9]);
    expect(Array.from(model.run([1, 1, 0, 0]))).toEqual([2]);
    // ouRows = 2 splits the count into two reads of 2, which fit.
    const p2 = makeTileParams({ ...p, ouRows: 2, adcBits: 2 });
    expect(Array.from(compileTileModel(mapTile(tile, p2), p2).run([3, 3, 3, 3]))).toEqual([12]);
  });

  it("rejects inputs that are not A-bit unsigned integers", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, actBits: 4, mode: "dense" });
    const model = compileTileModel(mapTile(tileFromCodes(2, 1, 2, [1, -1]), p), p);
    expect(() => model.run([16, 0])).toThrow(/x\[0\] = 16 is not an unsigned 4-bit integer/);
    expect(() => model.run([1])).toThrow(/expected 2 inputs/);
    expect(toBigInts(model.run([3, 5]))).toEqual([-2n]);
  });
});
