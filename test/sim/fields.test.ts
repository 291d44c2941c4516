import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packFields, unpackFields } from "../../src/sim/index.js";

describe("packFields / unpackFields", () => {
  it("puts field 0 in the least significant bits", () => {
    expect(packFields([1n, 2n, 3n], 8)).toBe(0x030201n);
    expect(packFields([1, 0, 1], 3)).toBe(0b001_000_001n);
    expect(unpackFields(0x030201n, 8, 4)).toEqual([1n, 2n, 3n, 0n]);
    expect(unpackFields(0xff_7fn, 8, 2, true)).toEqual([127n, -1n]);
  });

  it("round-trips any widths and signedness", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.integer(), (width, count, signed, seed) => {
        const values = Array.from({ length: count }, (_, i) => {
          const raw = BigInt.asUintN(width, BigInt(seed) * 2654435761n * BigInt(i + 1));
          return signed ? BigInt.asIntN(width, raw) : raw;
        });
        expect(unpackFields(packFields(values, width), width, count, signed)).toEqual(values);
      }),
    );
  });
});
