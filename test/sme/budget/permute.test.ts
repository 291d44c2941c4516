import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { permuteMatrixRows, permuteQuantizedRows, significanceRowOrder } from "../../../src/sme/budget/permute.js";
import { matrixFromRows } from "../../../src/sme/matrix.js";
import { quantizeMatrix } from "../../../src/sme/quantize.js";
import { syntheticMatrix } from "../../../src/sme/synthetic.js";
import { runs } from "../../property-runs.js";

describe("row permutation by significance", () => {
  it("puts rows with higher top bits first, then higher energy, then lower index", () => {
    // Codes at delta 1/16, N = S = 4: rows' magnitudes OR to 1, 15, 3|1, 15, 0.
    const w = matrixFromRows("w", [
      [1 / 16, 0],
      [15 / 16, 0],
      [-3 / 16, 1 / 16],
      [0, -15 / 16],
      [0, 0],
    ]);
    const q = quantizeMatrix(w, { weightBits: 4, window: 4, scale: "layer" });
    expect(Array.from(significanceRowOrder(w, q))).toEqual([1, 3, 2, 0, 4]);
  });

  it("ranks by top bit before energy, and by energy before index, whatever the sign", () => {
    // Codes at delta 1/16 (row 0 holds the largest magnitude, 15), N = S = 4. Row 4 has the lowest top bit but
    // more energy than row 3; rows 1, 2 and 5 share a top bit with energies in an order unlike their indices
    // and unlike their counts of non-zero codes.
    const w = matrixFromRows("w", [
      [15 / 16, 0, 0],
      [4 / 16, 4 / 16, 0],
      [7 / 16, 0, 0],
      [-8 / 16, 0, 0],
      [3 / 16, 3 / 16, 3 / 16],
      [0, 0, -5 / 16],
    ]);
    const q = quantizeMatrix(w, { weightBits: 4, window: 4, scale: "layer" });
    expect(Array.from(q.codes)).toEqual([15, 0, 0, 4, 4, 0, 7, 0, 0, -8, 0, 0, 3, 3, 3, 0, 0, -5]);
    expect(Array.from(significanceRowOrder(w, q))).toEqual([0, 3, 2, 1, 5, 4]);
  });

  it("commutes with quantization in every scale mode", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.nat(),
        fc.constantFrom("layer" as const, "channel" as const, "pow2" as const),
        (rows, cols, seed, scale) => {
          const w = syntheticMatrix(rows, cols, seed);
          const q = quantizeMatrix(w, { weightBits: 8, window: 3, scale });
          const order = significanceRowOrder(w, q);
          const a = quantizeMatrix(permuteMatrixRows(w, order), { weightBits: 8, window: 3, scale });
          const b = permuteQuantizedRows(q, order);
          expect(Array.from(a.codes)).toEqual(Array.from(b.codes));
          expect(Array.from(a.delta)).toEqual(Array.from(b.delta));
        },
      ),
      { numRuns: runs(100) },
    );
  });
});
