import { describe, expect, it } from "vitest";
import { commandKeys, parseParams, parseParamsAndGrids } from "../../src/params/index.js";
import { editDistance, nearest } from "../../src/params/nearest.js";
import { UserError } from "../../src/util/errors.js";

const file = { kind: "file", file: "c.yaml" } as const;
const flags = { kind: "flags" } as const;

describe("parameter values", () => {
  it("reads flag text and typed values through the same schema", () => {
    const keys = commandKeys("verify");
    const fromText = parseParams(
      { rows: "64", tile: "1,2", synthetic: "true", adcBits: "lossless", cols: "R", jobs: "2" },
      { keys, command: "verify", origin: flags },
    );
    const typed = parseParams({ rows: 64, tile: [1, 2], synthetic: true, adcBits: "lossless", cols: "R", jobs: 2 }, { keys, command: "verify", origin: file });
    expect(fromText).toEqual({ rows: 64, tile: [1, 2], synthetic: true, adcBits: "lossless", cols: "R", jobs: 2 });
    expect(typed).toEqual(fromText);
  });

  it("ignores keys of other commands and rejects unknown ones, naming the nearest known key", () => {
    const keys = commandKeys("analyze");
    expect(parseParams({ rows: 16, kind: "baked", cost: "isaac", vectors: 9, shard: "1/2" }, { keys, origin: file })).toEqual({ rows: 16 });
    const bad = (raw: Record<string, unknown>, re: RegExp) => {
      expect(() => parseParams(raw, { keys, origin: file })).toThrow(UserError);
      expect(() => parseParams(raw, { keys, origin: file })).toThrow(re);
    };
    bad({ colls: 3 }, /^config file c\.yaml: unknown key "colls" \(did you mean "cols"\?\)$/);
    bad({ "weight-bits": 3 }, /unknown key "weight-bits" \(did you mean "weightBits"\?\)/);
    bad({ ADC_BITS: 3 }, /unknown key "ADC_BITS" \(did you mean "adcBits"\?\)/);
    // Keys of other commands count as known: a sweep key misspelt is found even in analyze's file.
    bad({ rtlBudget: 3 }, /did you mean "rtlBudgetS"\?/);
  });

  it("names flags for flag values and file keys for file values, listing every problem in one line", () => {
    const keys = commandKeys("generate");
    expect(() => parseParams({ rows: "0", mode: "sparse" }, { keys, origin: flags })).toThrow(
      /^--rows must be at least 1, got 0; --mode must be one of dense, bitslice, squeeze, squeeze-min, remap, budget, got "sparse"$/,
    );
    expect(() => parseParams({ rows: 0, weightBits: "many" }, { keys, origin: file })).toThrow(
      /^config file c\.yaml: rows \(R\) must be at least 1, got 0; weightBits \(N\) must be a whole number, got "many"$/,
    );
    expect(() => parseParams({ adcBits: "lots" }, { keys, origin: flags })).toThrow(/^--adc-bits must be a whole number or lossless, got "lots"$/);
    expect(() => parseParams({ tile: [1, "x"] }, { keys, origin: file })).toThrow(
      /tile must be "ROW,COL" or \[ROW, COL\] with tile indices from 0 \(e\.g\. "0,1"\), got \[1,"x"\]/,
    );
    expect(() => parseParams({ seed: null }, { keys, origin: file })).toThrow(/seed has no value; give one or remove the key/);
    expect(() => parseParams({ synthetic: "yes" }, { keys, origin: file })).toThrow(/synthetic must be true or false, got "yes"/);
  });

  it("keeps command-line switches out of config files", () => {
    expect(() => parseParams({ json: true }, { keys: commandKeys("generate"), origin: file })).toThrow(
      /"json" is a command-line switch, not a config-file key; pass --json instead/,
    );
    expect(parseParams({ json: true }, { keys: commandKeys("generate"), origin: flags })).toEqual({ json: true });
  });

  it("applies a command's narrower schema (verify --jobs counts simulators)", () => {
    expect(() => parseParams({ jobs: 17 }, { keys: commandKeys("verify"), command: "verify", origin: flags })).toThrow(/--jobs must be at most 16, got 17/);
    expect(parseParams({ jobs: 17 }, { keys: commandKeys("sweep"), command: "sweep", origin: flags })).toEqual({ jobs: 17 });
  });

  it("takes grids only where a sweep reads them, and checks every grid value", () => {
    const keys = commandKeys("generate");
    expect(() => parseParams({ rows: "32..64" }, { keys, origin: file })).toThrow(
      /rows \(R\) takes one value here, got "32\.\.64"; lists and ranges of values are for sme sweep/,
    );
    expect(() => parseParams({ mode: ["dense", "remap"] }, { keys, origin: flags })).toThrow(/--mode takes one value here/);
    const sweep = { keys: commandKeys("sweep"), command: "sweep", origin: flags, grids: true } as const;
    expect(parseParamsAndGrids({ rows: "32..128*2", adcBits: "lossless,4", cols: "R", jobs: "2" }, sweep)).toEqual({
      values: { jobs: 2 },
      grids: { rows: [32, 64, 128], adcBits: ["lossless", 4], cols: ["R"] },
    });
    expect(() => parseParamsAndGrids({ rows: "0,8", window: "3..1" }, sweep)).toThrow(/^--rows must be at least 1, got 0; --window: range "3\.\.1" is empty/);
  });
});

describe("nearest known key", () => {
  it("is the one at the smallest edit distance, ignoring case, - and _", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
    expect(nearest("windw", ["rows", "window", "weights"])).toBe("window");
    expect(nearest("out_dir", ["out", "outputs"])).toBe("out");
    expect(nearest("act-bits", ["adcBits", "actBits"])).toBe("actBits");
  });
});
