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
