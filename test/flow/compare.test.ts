import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOutputs, describeMismatch, unpackSigned } from "../../src/flow/compare.js";
import { packFields, unpackFields } from "../../src/sim/index.js";

describe("unpackSigned", () => {
  it("agrees with unpackFields for hex-digit and other widths, negative fields included", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 45 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            values: fc.array(fc.integer({ min: -(2 ** (width - 1)), max: 2 ** (width - 1) - 1 }), { minLength: 1, maxLength: 20 }),
          }),
        ),
        ({ width, values }) => {
          const mask = (1n << BigInt(width)) - 1n;
          const word = packFields(values.map((v) => BigInt(v) & mask), width);
          const want = unpackFields(word, width, values.length, true).map(Number);
          expect(Array.from(unpackSigned(word, width, values.length))).toEqual(want);
          expect(want).toEqual(values);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe("compareOutputs", () => {
  it("finds every differing vector and reports the first with its columns and input", () => {
    const vectors = [[1, 2], [3, 4], [5, 6]];
    const model = (x: ArrayLike<number>) => Float64Array.from([x[0] - x[1], x[0] + x[1]]);
    const pack = (ys: number[]) => packFields(ys.map((v) => BigInt(v) & 0xffn), 8);
    const observed = [pack([-1, 3]), pack([-1, 8]), pack([0, 0])];
    const r = compareOutputs(vectors, observed, model, 2, 8);
    expect(r.checked).toBe(3);
    expect(r.mismatches).toBe(2);
    expect(r.first).toEqual({ vector: 1, column: 1, expected: 7, observed: 8, columns: [1], input: [3, 4] });
    expect(describeMismatch(r)).toBe(
      "2 of 3 vectors differ from the golden model; first: vector 1, column 1: expected 7, observed 8 (differing columns: 1); input x = [3, 4]",
    );
  });
});
