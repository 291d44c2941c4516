import { describe, expect, it } from "vitest";
import { compareOutputs, describeMismatch, mergeCompareResults } from "../../../src/flow/verify/compare.js";
import { packFields } from "../../../src/sim/index.js";

describe("compareOutputs", () => {
  it("finds every differing vector and reports the first with its columns and input", () => {
    const vectors = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const model = (x: ArrayLike<number>) => Float64Array.from([x[0] - x[1], x[0] + x[1]]);
    const pack = (ys: number[]) =>
      packFields(
        ys.map((v) => BigInt(v) & 0xffn),
        8,
      );
    const observed = [pack([-1, 3]), pack([-1, 8]), pack([0, 0])];
    const r = compareOutputs(vectors, observed, model, 2, 8);
    expect(r.checked).toBe(3);
    expect(r.mismatches).toBe(2);
    expect(r.first).toEqual({ vector: 1, column: 1, expected: 7, observed: 8, columns: [1], input: [3, 4] });
    expect(describeMismatch(r)).toBe(
      "2 of 3 vectors differ from the golden model; first: vector 1, column 1: expected 7, observed 8 (differing columns: 1); input x = [3, 4]",
    );
  });

  it("counts the outputs it compared, not the vectors sent", () => {
    const model = (x: ArrayLike<number>) => Float64Array.from([x[0]]);
    const r = compareOutputs([[1], [2], [3]], [1n, 2n], model, 1, 8);
    expect(r).toEqual({ checked: 2, mismatches: 0, first: null });
    expect(compareOutputs([[1], [2]], [], model, 1, 8).checked).toBe(0);
  });
});

describe("mergeCompareResults", () => {
  it("sums the shards and keeps the mismatch with the lowest vector index, whatever the order", () => {
    const m = (vector: number) => ({ vector, column: 0, expected: 1, observed: 2, columns: [0], input: [vector] });
    const r = mergeCompareResults([
      { checked: 10, mismatches: 2, first: m(17) },
      { checked: 10, mismatches: 0, first: null },
      { checked: 5, mismatches: 1, first: m(4) },
    ]);
    expect(r).toEqual({ checked: 25, mismatches: 3, first: m(4) });
  });
});
