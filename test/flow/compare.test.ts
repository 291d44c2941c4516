import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareOutputs, describeMismatch, mergeCompareResults, signedFieldsFromHex, unpackSigned } from "../../src/flow/compare.js";
import { vectorHex } from "../../src/flow/vector-hex.js";
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

describe("signedFieldsFromHex", () => {
  it("agrees with unpackSigned on the driver's text (no leading zeros) for every width", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 52 }).chain((width) =>
          fc.record({
            width: fc.constant(width),
            values: fc.array(fc.integer({ min: -(2 ** (Math.min(width, 52) - 1)), max: 2 ** (Math.min(width, 52) - 1) - 1 }), { minLength: 1, maxLength: 20 }),
          }),
        ),
        ({ width, values }) => {
          const mask = (1n << BigInt(width)) - 1n;
          const word = packFields(values.map((v) => BigInt(v) & mask), width);
          expect(Array.from(signedFieldsFromHex(word.toString(16), width, values.length))).toEqual(Array.from(unpackSigned(word, width, values.length)));
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it("rejects text that is not hex or holds more fields than the tile has columns", () => {
    expect(() => signedFieldsFromHex("12z4", 8, 2)).toThrow(/not hex text/);
    expect(() => signedFieldsFromHex("10000", 8, 2)).toThrow(/more than 2 fields of 8 bits/);
    expect(Array.from(signedFieldsFromHex("0", 24, 3))).toEqual([0, 0, 0]);
    expect(Array.from(signedFieldsFromHex("FF01", 8, 2))).toEqual([1, -1]);
  });
});

describe("vectorHex", () => {
  it("packs activation vectors like packFields, for hex-digit and other widths", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((bits) => fc.record({ bits: fc.constant(bits), x: fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 40 }) })),
        ({ bits, x }) => {
          expect(BigInt(`0x${vectorHex(x, bits)}`)).toBe(packFields(x.map(BigInt), bits));
        },
      ),
      { seed: 3, numRuns: 300 },
    );
    expect(() => vectorHex([1, 256], 8)).toThrow(/x\[1\] = 256 is not an unsigned 8-bit integer/);
    expect(() => vectorHex([0.5], 4)).toThrow(RangeError);
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
