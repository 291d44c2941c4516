import { describe, expect, it } from "vitest";
import { accuracyConfigs } from "../../src/accuracy/configs.js";
import { MAPPING_MODES, makeTileParams } from "../../src/sme/params.js";

describe("accuracy configurations", () => {
  it("lists the three references, then every mode with the squeeze modes once per D", () => {
    const c = accuracyConfigs(makeTileParams(), "layer", MAPPING_MODES, [1, 2, 3]);
    expect(c.map((x) => x.id)).toEqual([
      "float", "int8", "sme-s3", "dense", "bitslice", "squeeze-d1", "squeeze-d2", "squeeze-d3",
      "squeeze-min-d1", "squeeze-min-d2", "squeeze-min-d3", "remap",
    ]);
    expect(c.find((x) => x.id === "squeeze-d2")!.params).toMatchObject({ mode: "squeeze", squeeze: 2, rows: 128, window: 3 });
    expect(c.find((x) => x.id === "int8")!.variant).toEqual({ kind: "quantized", weightBits: 8, window: 8, scale: "layer" });
  });

  it("drops the SME reference when S = N and checks D against N", () => {
    const base = makeTileParams({ weightBits: 4, window: 4 });
    expect(accuracyConfigs(base, "channel", ["dense"], [1]).map((x) => x.id)).toEqual(["float", "int4", "dense"]);
    expect(() => accuracyConfigs(base, "layer", ["squeeze"], [4])).toThrow(/squeeze/);
  });
});
