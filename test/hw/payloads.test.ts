/** The tile's stream words: activation payloads in, signed column results out. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resultColumns, signedFieldsFromHex, unpackResults, unpackSigned, vectorHex } from "../../src/hw/index.js";
import { packFields, unpackFields } from "../../src/sim/index.js";
import { makeTileParams } from "../../src/sme/index.js";

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
          const word = packFields(
            values.map((v) => BigInt(v) & mask),
            width,
          );
          const want = unpackFields(word, width, values.length, true).map(Number);
          expect(Array.from(unpackSigned(word, width, values.length))).toEqual(want);
          expect(want).toEqual(values);
        },
      ),
      { seed: 42, numRuns: 300 },
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
          const word = packFields(
            values.map((v) => BigInt(v) & mask),
            width,
          );
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
        fc
          .integer({ min: 1, max: 12 })
          .chain((bits) => fc.record({ bits: fc.constant(bits), x: fc.array(fc.integer({ min: 0, max: 2 ** bits - 1 }), { minLength: 1, maxLength: 40 }) })),
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

describe("resultColumns and unpackResults", () => {
  it("read the C columns of a tile's out_sum, from hex text and from a bigint alike", () => {
    const tile = { params: makeTileParams({ rows: 4, cols: 3 }), outputWidth: 6 };
    const word = packFields([5n, BigInt.asUintN(6, -7n), 31n], 6);
    expect(Array.from(resultColumns(tile, word.toString(16)))).toEqual([5, -7, 31]);
    expect(unpackResults(tile, word)).toEqual([5n, -7n, 31n]);
  });
});
