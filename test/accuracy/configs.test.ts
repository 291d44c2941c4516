import { describe, expect, it } from "vitest";
import { accuracyConfigs } from "../../src/accuracy/configs.js";
import { makeBudgetParams } from "../../src/sme/budget/options.js";
import { MAPPING_MODES, makeTileParams } from "../../src/sme/params.js";

describe("accuracy configurations", () => {
  it("lists the three references, then every mode with the squeeze modes once per D", () => {
    const c = accuracyConfigs(makeTileParams(), "layer", MAPPING_MODES, [1, 2, 3]);
    expect(c.map((x) => x.id)).toEqual([
      "float",
      "int8",
      "sme-s3",
      "dense",
      "bitslice",
      "squeeze-d1",
      "squeeze-d2",
      "squeeze-d3",
      "squeeze-min-d1",
      "squeeze-min-d2",
      "squeeze-min-d3",
      "remap",
      "budget-23",
    ]);
    expect(c.find((x) => x.id === "budget-23")).toMatchObject({
      label: "budget 23 dB",
      params: { mode: "budget" },
      budget: { targetSqnrDb: 23, scope: "model" },
    });
    expect(c.find((x) => x.id === "squeeze-d2")!.params).toMatchObject({ mode: "squeeze", squeeze: 2, rows: 128, window: 3 });
    expect(c.find((x) => x.id === "int8")!.variant).toEqual({ kind: "quantized", weightBits: 8, window: 8, scale: "layer" });
  });

  it("runs budget once per target, scope and floor", () => {
    const budgets = [makeBudgetParams({ targetSqnrDb: 20 }), makeBudgetParams({ targetSqnrDb: 23.5, scope: "layer", minLayerSqnrDb: 15 })];
    const c = accuracyConfigs(makeTileParams(), "layer", ["squeeze-min", "budget"], [3], budgets);
    expect(c.map((x) => [x.id, x.label])).toEqual([
      ["float", "float weights"],
      ["int8", "INT-8"],
      ["sme-s3", "SME-quantized S=3"],
      ["squeeze-min-d3", "squeeze-min D=3"],
      ["budget-20", "budget 20 dB"],
      ["budget-23.5-layer-floor15", "budget 23.5 dB/layer, layers >= 15 dB"],
    ]);
    expect(c.at(-1)!.variant).toMatchObject({ kind: "mapped", budget: budgets[1] });
    expect(() => accuracyConfigs(makeTileParams(), "layer", ["budget"], [3], [])).toThrow(/--target-sqnr: give at least one target/);
  });

  it("drops the SME reference when S = N and checks D against N", () => {
    const base = makeTileParams({ weightBits: 4, window: 4 });
    expect(accuracyConfigs(base, "channel", ["dense"], [1]).map((x) => x.id)).toEqual(["float", "int4", "dense"]);
    expect(() => accuracyConfigs(base, "layer", ["squeeze"], [4])).toThrow(/squeeze/);
  });
});
