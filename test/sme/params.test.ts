import { describe, expect, it } from "vitest";
import { UserError } from "../../src/util/errors.js";
import { digitCount, isAdcLossless, losslessAdcBits, makeTileParams, modeMaxShift, outputWidth, worstCaseCrossbars } from "../../src/sme/params.js";

describe("tile parameters", () => {
  it("fills the design.md §5 defaults and freezes the object", () => {
    const p = makeTileParams();
    expect(p).toEqual({ rows: 128, cols: 128, weightBits: 8, window: 3, actBits: 8, dacBits: 1, ouRows: 128, adcBits: 8, mode: "squeeze-min", squeeze: 2 });
    expect(Object.isFrozen(p)).toBe(true);
    expect(isAdcLossless(p)).toBe(true);
    expect(outputWidth(p)).toBe(8 + 8 + 7 + 1);
  });

  it("lossless ADC width is ceil(log2(ouRows*(2^dac-1)+1))", () => {
    expect(losslessAdcBits(128, 1)).toBe(8);
    expect(losslessAdcBits(16, 2)).toBe(6);
    expect(losslessAdcBits(1, 1)).toBe(1);
    expect(makeTileParams({ ouRows: 16, dacBits: 2 }).adcBits).toBe(6);
    expect(isAdcLossless(makeTileParams({ adcBits: 4 }))).toBe(false);
  });

  it.each([
    [{ window: 9 }, /--window S = 9 is larger than --weight-bits N = 8/],
    [{ ouRows: 48 }, /--ou-rows 48 does not divide --rows R = 128; use a divisor of R \(1, 2, 4, 8, 16, 32, 64, 128\)/],
    [{ mode: "squeeze" as const, squeeze: 8 }, /--squeeze D = 8 is out of range for --mode squeeze with --weight-bits N = 8/],
    [{ mode: "squeeze-min" as const, squeeze: 0 }, /use 1 <= D <= 7/],
    [{ rows: 0 }, /rows \(R\) must be at least 1/],
    [{ rows: 2.5 }, /rows \(R\) must be a whole number/],
    [{ mode: "sparse" as never }, /mode must be one of dense, bitslice, squeeze, squeeze-min, remap/],
    [{ colz: 3 } as never, /colz/],
  ])("rejects %o with a message that says what is wrong", (input, msg) => {
    expect(() => makeTileParams(input)).toThrow(UserError);
    expect(() => makeTileParams(input)).toThrow(msg);
  });

  it("D is not checked for modes that do not squeeze", () => {
    expect(makeTileParams({ mode: "dense", weightBits: 2, window: 2 }).squeeze).toBe(2);
  });

  it("mode shift bounds, digit counts and worst-case crossbar slots", () => {
    const p = makeTileParams({ mode: "squeeze", squeeze: 3 });
    expect(modeMaxShift(p)).toBe(3);
    expect(digitCount(p, modeMaxShift(p))).toBe(11);
    expect(digitCount({ actBits: 8, dacBits: 2 }, 1)).toBe(5);
    expect(worstCaseCrossbars(p)).toBe(10);
    expect(worstCaseCrossbars({ mode: "remap", weightBits: 8, squeeze: 2 })).toBe(16);
    expect(modeMaxShift({ mode: "remap", weightBits: 8, squeeze: 2 })).toBe(7);
    expect(modeMaxShift({ mode: "bitslice", weightBits: 8, squeeze: 2 })).toBe(0);
  });
});
