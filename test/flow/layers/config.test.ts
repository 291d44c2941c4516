import { describe, expect, it } from "vitest";
import { checkLayerRunOptions, checkNotLayerOptions, isLayerRun, resolveLayerRunConfig, resolveModelFile } from "../../../src/flow/layers/config.js";
import { parseParams, commandKeys, type ParamValues } from "../../../src/params/index.js";
import { modelAliases } from "../../../src/sweep/models.js";

/** Flag text as commander hands it over, checked by the registry like `sme verify` does. */
const flags = (raw: Record<string, unknown>): ParamValues => parseParams(raw, { keys: commandKeys("verify"), command: "verify", origin: { kind: "flags" } });

describe("whole-layer options", () => {
  it("reads the kernels, the input source and the cap", () => {
    const c = resolveLayerRunConfig(
      flags({ weights: "resnet", layers: "fc, conv32_down/conv/filters", layerActivations: "out/traces", maxVectors: "40", rows: "32", cols: "32" }),
      null,
    );
    expect(c.model).toBe(modelAliases.resnet);
    expect(c.selection).toEqual({ kind: "list", names: ["fc", "conv32_down/conv/filters"] });
    expect(c.activations).toMatchObject({ kind: "traces" });
    expect(c.maxVectors).toBe(40);
    expect(c.flow.params).toMatchObject({ rows: 32, cols: 32 });
    expect(resolveLayerRunConfig(flags({ weights: "m.json", allLayers: true, layerKinds: "conv,dense" }), null).selection).toEqual({
      kind: "all",
      kinds: ["conv", "dense"],
    });
    expect(resolveLayerRunConfig(flags({ weights: "m.json", allTiles: true, layer: "fc" }), null)).toMatchObject({
      selection: { kind: "one", name: "fc" },
      activations: { kind: "random" },
      maxVectors: null,
    });
    expect(resolveLayerRunConfig(flags({ weights: "m.json", allTiles: true, layerActivations: "x.npy" }), null).activations).toMatchObject({ kind: "npy" });
    expect(resolveModelFile("mobilenet")).toBe(modelAliases.mobilenet);
  });

  it("tells a whole-layer run from a one-tile run, and names whole-layer options given without one", () => {
    expect(isLayerRun(flags({ allTiles: true }))).toBe(true);
    expect(isLayerRun(flags({ layers: "a" }))).toBe(true);
    expect(isLayerRun(flags({ allLayers: true }))).toBe(true);
    expect(isLayerRun(flags({ layer: "a", weights: "m.json" }))).toBe(false);
    expect(() => checkNotLayerOptions(flags({ maxVectors: "3", layerActivations: "random" }))).toThrow(
      /--activations, --max-vectors belong to whole-layer runs: add --all-tiles/,
    );
    expect(() => checkNotLayerOptions(flags({ vectors: "3" }))).not.toThrow();
    expect(() => checkLayerRunOptions(flags({ allTiles: true, waves: "fst", junit: "j.xml" }))).toThrow(
      /^--waves, --junit apply to one-tile runs only: drop them/,
    );
    expect(() => checkLayerRunOptions(flags({ allLayers: true, coverage: true, untilCovered: true }))).toThrow(
      /--coverage, --until-covered apply to one-tile runs only/,
    );
    expect(() => checkLayerRunOptions(flags({ allTiles: true, waves: false }))).not.toThrow();
    expect(() => checkLayerRunOptions(flags({ allLayers: true, mode: "budget", targetSqnr: "23" }))).toThrow(/^--mode budget plans depths per tile-sign group/);
  });

  it("refuses contradictory or incomplete whole-layer options (bad input)", () => {
    const bad =
      (raw: Record<string, unknown>, design: string | null = null) =>
      () =>
        resolveLayerRunConfig(flags(raw), design);
    expect(bad({ allTiles: true })).toThrow(/give it with --weights MODEL/);
    expect(bad({ weights: "m.json", layer: "a", layers: "b" })).toThrow(/--layer and --layers each choose the kernels/);
    expect(bad({ weights: "m.json", layers: "b", allLayers: true })).toThrow(/--layers and --all-layers/);
    expect(bad({ weights: "m.json", allTiles: true, tile: "1,0" })).toThrow(/drop --tile/);
    expect(bad({ weights: "m.json", allTiles: true, kind: "baked" })).toThrow(/drop --kind baked/);
    expect(bad({ weights: "m.json", allTiles: true, synthetic: true })).toThrow(/drop --synthetic/);
    expect(bad({ weights: "m.json", layers: "a", layerKinds: "conv" })).toThrow(/--layer-kinds picks among --all-layers/);
    expect(bad({ weights: "m.json", allLayers: true, layerActivations: "x.npy" })).toThrow(/holds the inputs of one kernel/);
    expect(bad({ weights: "m.json", allTiles: true, rows: "16" }, "rtl-out/d")).toThrow(
      /--design takes the tile parameters from the folder's manifest; drop --rows/,
    );
    expect(bad({ weights: "m.json", allTiles: true, scale: "channel" }, "rtl-out/d")).not.toThrow();
    expect(() => flags({ layerKinds: "conv,pointwise" })).toThrow(/--layer-kinds must list words from conv, dense, depthwise/);
    expect(() => flags({ layers: "a,,b" })).toThrow(/--layers must be kernel names separated by commas/);
  });
});
