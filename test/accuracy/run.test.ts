import { describe, expect, it } from "vitest";
import { SAMPLE_IMAGES } from "../../src/accuracy/images.js";
import { DEFAULT_MODELS_DIR, loadNetwork } from "../../src/accuracy/networks.js";
import { runAccuracy } from "../../src/accuracy/run.js";
import { kernelWeights, QuantizationCache } from "../../src/accuracy/weights.js";
import { smePreset } from "../../src/cost/presets.js";
import { analyzeModel } from "../../src/sme/metrics.js";
import { makeTileParams } from "../../src/sme/params.js";

describe("sme accuracy on one photo with 64 x 64 tiles", () => {
  it("gives identical answers for the lossless modes and SME quantization, and measures a squeeze mode against float", async () => {
    const base = makeTileParams({ rows: 64, cols: 64 });
    const r = await runAccuracy({
      base,
      scale: "layer",
      modes: ["dense", "bitslice", "squeeze-min", "remap"],
      squeezes: [3],
      activations: "quantized",
      backend: "wasm",
      images: [SAMPLE_IMAGES[0]!],
      modelsDir: DEFAULT_MODELS_DIR,
      mapAll: false,
      jobs: 1,
      cost: smePreset,
      traceDir: null,
      dedupe: false,
    });
    expect(r.configs.map((c) => c.id)).toEqual(["float", "int8", "sme-s3", "dense", "bitslice", "squeeze-min-d3", "remap"]);
    const byId = Object.fromEntries(r.configs.map((c) => [c.id, c]));
    const sme = byId["sme-s3"]!;
    for (const id of ["dense", "bitslice", "remap"]) {
      const c = byId[id]!;
      expect(c.sameAs).toBeNull();
      expect(c.images, id).toEqual(sme.images);
      expect(
        c.layers.map((l) => l.outputSqnrDb),
        id,
      ).toEqual(sme.layers.map((l) => l.outputSqnrDb));
      expect(c.weightSqnrDb).toBe(sme.weightSqnrDb);
    }
    // Quantization and 8-bit activations change the answers a little, not the faces found.
    expect(sme.recognition.minCosine!).toBeLessThan(1);
    expect(sme.recognition.minCosine!).toBeGreaterThan(0.95);
    const sq = byId["squeeze-min-d3"]!;
    expect(sq.droppedCells).toBeGreaterThan(0);
    expect(sq.weightSqnrDb).toBeLessThan(sme.weightSqnrDb);
    // Crossbars and weight SQNR are the golden model's figures for the same weights.
    const p = makeTileParams({ rows: 64, cols: 64, mode: "squeeze-min", squeeze: 3 });
    const nets = await Promise.all((["detector", "recognizer"] as const).map((k) => loadNetwork(DEFAULT_MODELS_DIR, k)));
    const analyses = nets.map((m) => analyzeModel(m, p));
    expect(sq.crossbars).toBe(analyses[0]!.total.modes["squeeze-min"]!.crossbars + analyses[1]!.total.modes["squeeze-min"]!.crossbars);
    expect(sq.denseCrossbars).toBe(analyses[0]!.total.modes.dense!.crossbars + analyses[1]!.total.modes.dense!.crossbars);
    expect(sq.networks.recognizer!.weightSqnrDb).toBeCloseTo(analyses[1]!.total.modes["squeeze-min"]!.sqnrMappedDb, 9);
    // Every mapped layer ran and was measured; energy per inference follows from the passes.
    for (const l of sq.layers) {
      expect(l.outputSqnrDb, l.name).not.toBeNull();
      expect(l.energyNjPerInference!, l.name).toBeGreaterThan(0);
    }
    expect(sq.networks.detector!.inference!.energyNj).toBeLessThan(byId.dense!.networks.detector!.inference!.energyNj);
    expect(r.calibration.find((c) => c.layer === "MobilenetV1/Conv2d_0_pointwise/weights")).toMatchObject({ maxAbs: 1, signed: true, scale: 1 / 255 });
    // The lossless modes' weights are bit-identical: what lets a run reuse one of them for the others.
    const cache = new QuantizationCache();
    const w = (mode: "dense" | "remap") =>
      kernelWeights(nets[1]!, { kind: "mapped", params: makeTileParams({ rows: 64, cols: 64, mode }), scale: "layer" }, cache).values;
    expect([...w("remap").values()]).toEqual([...w("dense").values()]);
  }, 900_000);
});
