import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mapTile } from "../../src/sme/mapping.js";
import { makeTileParams } from "../../src/sme/params.js";
import { tileFromCodes } from "../../src/sme/tile.js";
import { compileTileModel, integerProduct, tileModel, toBigInts } from "../../src/sme/tile-model.js";
import { referenceTileModel } from "../../src/sme/tile-model-reference.js";
import { tileCase } from "./arbitraries.js";
import { heavyRuns, runs } from "../property-runs.js";

describe("tile model (design.md §3)", () => {
  it("with a lossless ADC equals the integer product of the mapped codes, in every mode", () => {
    fc.assert(
      fc.property(tileCase(), ({ p, tile, x }) => {
        const plan = mapTile(tile, p);
        const model = compileTileModel(plan, p);
        expect(model.saturableColumns).toBe(0);
        expect(Array.from(model.run(x))).toEqual(Array.from(integerProduct(plan.mappedCodes, p.rows, p.cols, x)));
      }),
      { numRuns: runs(400) },
    );
  });

  it("with a saturating ADC equals design.md §3 written cell by cell", () => {
    fc.assert(
      fc.property(tileCase({ saturating: true }), ({ p, tile, x }) => {
        const plan = mapTile(tile, p);
        expect(Array.from(compileTileModel(plan, p).run(x))).toEqual(Array.from(referenceTileModel(plan, p, x)));
      }),
      { numRuns: heavyRuns(400) },
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
      { numRuns: runs(100) },
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

  it("splits bit-lines into linear and clipping ones by their largest count, and clamps each digit's read", () => {
    // N = 2, dense, two OU groups of 2 rows. Column 0 holds 1 in every row: bit-line (positive, bit 0) counts up
    // to 2 per group, which a 1-bit ADC (max 1) clips; every other bit-line has at most 1 set cell per group.
    const tile = tileFromCodes(4, 3, 2, [1, 2, -1, 1, 0, 0, 1, 2, 0, 1, 0, -3]);
    const at = (ouRows: number, adcBits: number) => {
      const p = makeTileParams({ rows: 4, cols: 3, weightBits: 2, window: 2, actBits: 2, dacBits: 1, ouRows, adcBits, mode: "dense" });
      return compileTileModel(mapTile(tile, p), p);
    };
    const clipped = at(2, 1);
    expect(clipped.digits).toBe(2);
    expect(clipped.saturableColumns).toBe(2);
    // x = 3 everywhere: column 0 reads min(2, 1) per digit and group: (1 + 2) * 2 = 6 instead of 12.
    expect(Array.from(clipped.run([3, 3, 3, 3]))).toEqual([6, 12, -12]);
    expect(Array.from(clipped.run([1, 0, 0, 1]))).toEqual([2, 2, -4]);
    // Group 0 digit 0 counts rows 0 and 1 (clipped to 1), digit 1 only row 0; group 1 digit 1 only row 2.
    expect(Array.from(clipped.run([3, 1, 2, 0]))).toEqual([5, 10, -3]);
    // A 2-bit ADC (max 3) holds a count of 2: nothing can clip, and the model is the integer product.
    const fits = at(2, 2);
    expect(fits.saturableColumns).toBe(0);
    expect(Array.from(fits.run([3, 3, 3, 3]))).toEqual([12, 12, -12]);
    // One group of 4 rows counts up to 4 > 3: column 0 clips again, once per crossbar read.
    const wide = at(4, 2);
    expect(wide.saturableColumns).toBe(1);
    expect(Array.from(wide.run([3, 3, 3, 3]))).toEqual([9, 12, -12]);
    for (const model of [clipped, fits, wide]) expect(model.rows === 4 && model.cols === 3).toBe(true);
  });

  it("with DAC digits of 2 bits, counts digit values, not cells, against the ADC", () => {
    // One column of 2 ones, A = 4 in 2-bit digits: x = 15 drives digit value 3 on both rows, a count of 6.
    const tile = tileFromCodes(2, 1, 1, [1, 1]);
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 1, window: 1, actBits: 4, dacBits: 2, adcBits: 2, mode: "dense" });
    const model = compileTileModel(mapTile(tile, p), p);
    expect(model.digits).toBe(2);
    expect(model.saturableColumns).toBe(1);
    // Each digit reads min(6, 3) = 3: 3 + 3 * 4 = 15 instead of 30.
    expect(Array.from(model.run([15, 15]))).toEqual([15]);
    // x = 6 = 01 10 and 1 = 00 01: digit 0 counts 2 + 1 = 3, digit 1 counts 1: 3 + 4 = 7 (exact).
    expect(Array.from(model.run([6, 1]))).toEqual([7]);
  });

  it("rejects a plan of another size and inputs that are not A-bit unsigned integers", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, actBits: 4, mode: "dense" });
    const plan = mapTile(tileFromCodes(2, 1, 2, [1, -1]), p);
    expect(() => compileTileModel(plan, { ...p, rows: 4 })).toThrow("tile model: plan is 2x1 but the parameters say 4x1");
    expect(() => compileTileModel(plan, { ...p, cols: 2 })).toThrow("tile model: plan is 2x1 but the parameters say 2x2");
    const model = compileTileModel(plan, p);
    for (const bad of [-1, 0.5, Number.NaN]) expect(() => model.run([bad, 0])).toThrow(`tile model: input x[0] = ${bad} is not an unsigned 4-bit integer`);
    expect(() => model.run([0, 16])).toThrow("tile model: input x[1] = 16 is not an unsigned 4-bit integer");
    expect(Array.from(model.run([15, 0]))).toEqual([15]);
    expect(Array.from(tileModel(plan, p, [0, 15]))).toEqual([-15]);
  });

  it("rejects inputs that are not A-bit unsigned integers", () => {
    const p = makeTileParams({ rows: 2, cols: 1, weightBits: 2, window: 2, actBits: 4, mode: "dense" });
    const model = compileTileModel(mapTile(tileFromCodes(2, 1, 2, [1, -1]), p), p);
    expect(() => model.run([16, 0])).toThrow(/x\[0\] = 16 is not an unsigned 4-bit integer/);
    expect(() => model.run([1])).toThrow(/expected 2 inputs/);
    expect(toBigInts(model.run([3, 5]))).toEqual([-2n]);
  });
});
