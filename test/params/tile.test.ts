import { describe, expect, it } from "vitest";
import {
  isAdcLossless,
  losslessAdcBits,
  makeTileParams,
  resolveTileDefaults,
  TILE_KEYS,
  type TileRuleInput,
  tileRuleViolation,
} from "../../src/params/index.js";

const base: TileRuleInput = { rows: 128, weightBits: 8, window: 3, actBits: 8, dacBits: 1, ouRows: 128, mode: "squeeze-min", squeeze: 2 };

describe("tile rules (the one place they are written)", () => {
  it("holds for the defaults and names the flags of a broken rule with the fix", () => {
    expect(tileRuleViolation(base)).toBeUndefined();
    expect(tileRuleViolation({ ...base, window: 9 })).toBe("--window S = 9 is larger than --weight-bits N = 8; use 1 <= S <= N");
    expect(tileRuleViolation({ ...base, ouRows: 48 })).toBe("--ou-rows 48 does not divide --rows R = 128; use a divisor of R (1, 2, 4, 8, 16, 32, 64, 128)");
    expect(tileRuleViolation({ ...base, ouRows: 256 })).toMatch(/^--ou-rows 256 does not divide --rows R = 128/);
    expect(tileRuleViolation({ ...base, rows: 96, ouRows: 64 })).toMatch(/use a divisor of R \(1, 2, 3, 4, \.\.\., 48, 96\)$/);
    expect(tileRuleViolation({ ...base, mode: "squeeze", squeeze: 8 })).toBe(
      "--squeeze D = 8 is out of range for --mode squeeze with --weight-bits N = 8; use 1 <= D <= 7",
    );
    expect(tileRuleViolation({ ...base, squeeze: 0 })).toMatch(/use 1 <= D <= 7$/);
  });

  it("D is read only by the squeeze modes, and with N = 1 they say why they cannot run", () => {
    expect(tileRuleViolation({ ...base, mode: "remap", squeeze: 0 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, weightBits: 1, window: 1 })).toBe(
      "--mode squeeze-min squeezes D = 1..N-1 bits and needs --weight-bits N >= 2; with N = 1 use --mode dense, bitslice or remap",
    );
    expect(tileRuleViolation({ ...base, weightBits: 1, window: 1, mode: "bitslice" })).toBeUndefined();
  });
});

describe("makeTileParams", () => {
  it("takes the words R and lossless and caps the default window at N", () => {
    const p = makeTileParams({ rows: 64, cols: "R", ouRows: "R", adcBits: "lossless", weightBits: 2, mode: "remap" });
    expect(p).toMatchObject({ rows: 64, cols: 64, ouRows: 64, adcBits: 7, weightBits: 2, window: 2 });
    expect(makeTileParams({ ouRows: 16, adcBits: "lossless", dacBits: 2 }).adcBits).toBe(6);
  });

  it("returns its keys in TILE_KEYS order whatever the input's order (design names hash this object)", () => {
    const p = makeTileParams({ squeeze: 3, mode: "squeeze", adcBits: 5, rows: 32 });
    expect(Object.keys(p)).toEqual([...TILE_KEYS]);
    expect(Object.keys(resolveTileDefaults({}))).toEqual([...TILE_KEYS]);
    expect(JSON.stringify(makeTileParams())).toBe(
      '{"rows":128,"cols":128,"weightBits":8,"window":3,"actBits":8,"dacBits":1,"ouRows":128,"adcBits":8,"mode":"squeeze-min","squeeze":2}',
    );
  });

  it("starts every message with what failed", () => {
    expect(() => makeTileParams({ weightBits: 1, window: 1 })).toThrow(/^invalid tile parameters: --mode squeeze-min squeezes D = 1\.\.N-1 bits/);
    expect(() => makeTileParams({ rows: 0, cols: 0 })).toThrow(
      /^invalid tile parameters: rows \(R\) must be at least 1, got 0; cols \(C\) must be at least 1, got 0$/,
    );
  });
});

describe("tile rules: the branches makeTileParams cannot reach on its own", () => {
  it("a DAC wider than any input digit is refused", () => {
    expect(tileRuleViolation({ ...base, dacBits: 25, actBits: 8 })).toBe("--dac-bits 25 is wider than any input digit can be (at most --act-bits A + 16 = 24)");
    expect(tileRuleViolation({ ...base, dacBits: 24, actBits: 8 })).toBeUndefined();
  });

  it("checks S <= N and D in 1..N-1 at their edges", () => {
    expect(tileRuleViolation({ ...base, window: 8 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, squeeze: 7 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, squeeze: 1 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, weightBits: 2, window: 2, squeeze: 1 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, ouRows: 1 })).toBeUndefined();
    expect(tileRuleViolation({ ...base, rows: 7, ouRows: 7 })).toBeUndefined();
    // Eight divisors are listed in full; more are cut to the first four and the last two.
    expect(tileRuleViolation({ ...base, rows: 24, ouRows: 5 })).toBe(
      "--ou-rows 5 does not divide --rows R = 24; use a divisor of R (1, 2, 3, 4, 6, 8, 12, 24)",
    );
    expect(tileRuleViolation({ ...base, rows: 36, ouRows: 5 })).toBe("--ou-rows 5 does not divide --rows R = 36; use a divisor of R (1, 2, 3, 4, ..., 18, 36)");
  });
});

describe("resolveTileDefaults and isAdcLossless", () => {
  it("fills each default of design.md §5 and resolves the words", () => {
    expect(resolveTileDefaults({})).toEqual({
      rows: 128,
      cols: 128,
      weightBits: 8,
      window: 3,
      actBits: 8,
      dacBits: 1,
      ouRows: 128,
      adcBits: 8,
      mode: "squeeze-min",
      squeeze: 2,
    });
    expect(resolveTileDefaults({ rows: 16, cols: "R", ouRows: "R", dacBits: 3 })).toMatchObject({ cols: 16, ouRows: 16, adcBits: 7 });
    expect(resolveTileDefaults({ rows: 16, ouRows: 4, adcBits: "lossless" })).toMatchObject({ cols: 128, ouRows: 4, adcBits: 3 });
    expect(resolveTileDefaults({ weightBits: 2 }).window).toBe(2);
    expect(resolveTileDefaults({ weightBits: 16, window: 9, actBits: 5, adcBits: 4, mode: "remap", squeeze: 0 })).toMatchObject({
      weightBits: 16,
      window: 9,
      actBits: 5,
      adcBits: 4,
      mode: "remap",
      squeeze: 0,
    });
  });

  it("calls an ADC lossless from the lossless width up", () => {
    expect(isAdcLossless(makeTileParams({ rows: 16, adcBits: 5 }))).toBe(true);
    expect(isAdcLossless(makeTileParams({ rows: 16, adcBits: 4 }))).toBe(false);
    expect(isAdcLossless(makeTileParams({ rows: 16, adcBits: 6 }))).toBe(true);
    expect(losslessAdcBits(3, 2)).toBe(4);
  });
});
