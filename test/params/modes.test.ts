import { describe, expect, it } from "vitest";
import { isSqueezeMode, MAPPING_MODES, modeLabel, modeTag, moduleModeTag } from "../../src/params/modes.js";

describe("mapping mode helpers", () => {
  it("only the squeeze modes read D", () => {
    expect(MAPPING_MODES.filter(isSqueezeMode)).toEqual(["squeeze", "squeeze-min"]);
  });

  it("label, folder tag and Verilog tag of every mode", () => {
    const rows = MAPPING_MODES.map((mode) => [modeLabel({ mode, squeeze: 2 }), modeTag({ mode, squeeze: 2 }), moduleModeTag({ mode, squeeze: 2 })]);
    expect(rows).toEqual([
      ["dense", "dense", "dense"],
      ["bitslice", "bitslice", "bitslice"],
      ["squeeze D=2", "squeeze2", "squeeze2"],
      ["squeeze-min D=2", "squeeze-min2", "sqmin2"],
      ["remap", "remap", "remap"],
      ["budget", "budget", "budget"],
    ]);
    expect(moduleModeTag({ mode: "squeeze-min", squeeze: 7 })).toBe("sqmin7");
  });
});
