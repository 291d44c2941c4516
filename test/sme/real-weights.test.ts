import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mapLayerCodes, mapLayerCodesByTile } from "../../src/sme/layer-mapping.js";
import { findLayer, loadModel } from "../../src/sme/loaders/index.js";
import type { LoadedModel } from "../../src/sme/loaders/tensor.js";
import { analyzeModel, type ModelMetrics } from "../../src/sme/metrics.js";
import { makeTileParams } from "../../src/sme/params.js";
import { quantizeMatrix } from "../../src/sme/quantize.js";
import { modelAliases } from "../../src/sweep/models.js";
import { projectRoot } from "../../src/util/paths.js";

const modelDir = resolve(projectRoot, "node_modules/@vladmandic/face-api/model");
const MODELS = [
  { file: "face_recognition_model-weights_manifest.json", tensors: 117, kernels: 30, depthwise: 0 },
  { file: "ssd_mobilenetv1_model-weights_manifest.json", tensors: 151, kernels: 47, depthwise: 13 },
] as const;

describe.each(MODELS)("real weights: $file", ({ file, tensors, kernels, depthwise }) => {
  let model: LoadedModel;
  const byD = new Map<number, ModelMetrics>();
  beforeAll(async () => {
    model = await loadModel(resolve(modelDir, file));
    for (const D of [1, 2, 3]) byD.set(D, analyzeModel(model, makeTileParams({ rows: 128, cols: 128, window: 3, squeeze: D })));
  });

  it("loads every tensor and finds every kernel", async () => {
    const manifest = JSON.parse(await readFile(resolve(modelDir, file), "utf8")) as Array<{
      paths: string[];
      weights: Array<{ name: string; quantization?: { scale: number; min: number } }>;
    }>;
    expect(model.tensors.length).toBe(tensors);
    expect(model.tensors.map((t) => t.name)).toEqual(manifest.flatMap((g) => g.weights.map((w) => w.name)));
    expect(model.layers.length).toBe(kernels);
    expect(model.layers.filter((l) => l.kind === "depthwise").length).toBe(depthwise);
    // The first tensor is uint8-quantized: value 0 is byte 0 * scale + min, as float32.
    const bin = await readFile(resolve(modelDir, manifest[0].paths[0]));
    const q = manifest[0].weights[0].quantization!;
    expect(model.tensors[0].values[0]).toBe(Math.fround(bin[0] * q.scale + q.min));
    for (const l of model.layers) expect(l.rows * l.cols).toBe(l.shape.reduce((a, b) => a * b, 1));
  });

  it("MSB bit-crossbars are the sparsest", () => {
    const frac = byD.get(1)!.total.nonEmptyBitRowFraction;
    expect(frac.length).toBe(8);
    expect(Math.min(...frac)).toBe(frac[7]);
    expect(frac[7]).toBeLessThan(0.1);
  });

  it("bitslice and squeeze need fewer crossbars than dense, and more squeeze needs fewer", () => {
    const t = (D: number) => byD.get(D)!.total.modes;
    const dense = t(1).dense!.crossbars;
    expect(t(1).bitslice!.crossbars).toBeLessThan(dense);
    expect(t(1).remap!.crossbars).toBeLessThan(t(1).bitslice!.crossbars);
    for (const D of [1, 2, 3]) {
      expect(t(D).squeeze!.crossbars).toBeLessThan(t(D).bitslice!.crossbars);
      expect(t(D).dense!.crossbars).toBe(dense);
    }
    expect(t(2).squeeze!.crossbars).toBeLessThan(t(1).squeeze!.crossbars);
    expect(t(3).squeeze!.crossbars).toBeLessThan(t(2).squeeze!.crossbars);
    expect(t(3)["squeeze-min"]!.crossbars).toBeLessThan(t(1)["squeeze-min"]!.crossbars);
    // Lossless modes keep the quantized SQNR; squeezing more costs accuracy, squeeze-min less than squeeze.
    const total = byD.get(3)!.total;
    expect(total.modes.remap!.sqnrMappedDb).toBe(total.sqnrQuantDb);
    expect(total.modes.squeeze!.sqnrMappedDb).toBeLessThan(t(1).squeeze!.sqnrMappedDb);
    expect(total.modes["squeeze-min"]!.sqnrMappedDb).toBeGreaterThanOrEqual(total.modes.squeeze!.sqnrMappedDb);
    expect(total.sqnrQuantDb).toBeGreaterThan(15);
  });
});

describe("mapLayerCodes on real weights", () => {
  it("on a real kernel, squeeze D = 3 drops bits that squeeze-min keeps, and both match the tile-by-tile mapping", async () => {
    const model = await loadModel(modelAliases.resnet!);
    const w = findLayer(model, "conv64_down/conv1/conv/filters");
    const q = quantizeMatrix(w, { weightBits: 8, window: 3, scale: "layer" });
    const dropped: Record<string, number> = {};
    for (const mode of ["squeeze", "squeeze-min"] as const) {
      const p = makeTileParams({ mode, squeeze: 3 });
      const fast = mapLayerCodes(q, p);
      expect(Array.from(fast.mappedCodes)).toEqual(Array.from(mapLayerCodesByTile(q, p).mappedCodes));
      dropped[mode] = fast.droppedCells;
    }
    expect(dropped.squeeze).toBeGreaterThan(dropped["squeeze-min"]!);
    expect(dropped["squeeze-min"]).toBeGreaterThan(0);
  });
});
