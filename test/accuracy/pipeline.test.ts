import { beforeAll, describe, expect, it } from "vitest";
import { startFaceApi } from "../../src/accuracy/backend.js";
import { AccuracyEngine } from "../../src/accuracy/engine.js";
import { decodeImage, SAMPLE_IMAGES } from "../../src/accuracy/images.js";
import { DEFAULT_MODELS_DIR, loadNetwork } from "../../src/accuracy/networks.js";
import { runFacePipeline, type ImageResult } from "../../src/accuracy/pipeline.js";
import { compareToFloat } from "../../src/accuracy/metrics.js";

const photo = SAMPLE_IMAGES[0]!;
const setup = {
  backend: "wasm" as const,
  modelsDir: DEFAULT_MODELS_DIR,
  images: [photo],
  mapped: ["detector", "recognizer"] as const,
  detection: { minConfidence: 0.5, maxResults: 100 },
};

/** face-api loading its own files, as its users do: the reference the injection path must reproduce. */
let shipped: ImageResult;
beforeAll(async () => {
  const rt = await startFaceApi("wasm");
  const n = rt.faceapi.nets as unknown as Record<string, { loadFromDisk(dir: string): Promise<void> }>;
  for (const net of ["ssdMobilenetv1", "faceLandmark68Net", "faceRecognitionNet"]) await n[net]!.loadFromDisk(DEFAULT_MODELS_DIR);
  shipped = await runFacePipeline(rt, await decodeImage(photo));
}, 600_000);

describe("the face pipeline through weight injection", () => {
  it("gives face-api's own answers with the float weights: same boxes and scores, embedding cosine 1, zero layer error", async () => {
    expect(shipped.faces.length).toBeGreaterThanOrEqual(2);
    const engine = await AccuracyEngine.start({ ...setup, mapped: [...setup.mapped] });
    const float = await engine.run({ kernels: null, quantizers: null, traceDir: null, floatCrops: null, layerSqnr: false });
    // Kernels replaced by copies of their own values, measured against the float kernels: nothing may change.
    const copies = Object.fromEntries(
      await Promise.all(
        setup.mapped.map(async (k) => [k, new Map((await loadNetwork(DEFAULT_MODELS_DIR, k)).layers.map((w) => [w.name, Float32Array.from(w.data)]))]),
      ),
    );
    const crops = { [float.images[0]!.image]: float.images[0]!.faces.map((f) => f.cropBox) };
    const injected = await engine.run({ kernels: copies, quantizers: null, traceDir: null, floatCrops: crops, layerSqnr: true });
    for (const run of [float, injected]) {
      expect(run.images[0]!.faces.map((f) => [f.box, f.score])).toEqual(shipped.faces.map((f) => [f.box, f.score]));
      const c = compareToFloat([shipped], run.images);
      expect(c.recognition.minCosine).toBe(1);
      expect(c.recognition.maxDistance).toBe(0);
      expect(c.detection).toMatchObject({ missed: 0, extra: 0, minIou: 1 });
    }
    // The recognizer alone on the float crops gives the float embeddings too.
    expect(compareToFloat(float.images, injected.images).recognizer).toMatchObject({ faces: shipped.faces.length, minCosine: 1, maxDistance: 0, flipped: 0 });
    expect(injected.layers.size).toBe(77);
    for (const [name, r] of injected.layers) {
      expect(r.calls, name).toBeGreaterThan(0);
      expect(r.signal, name).toBeGreaterThan(0);
      expect(r.error, name).toBe(0);
    }
    // The detector runs once per photo, the recognizer once per face (and once more per face on the float crops).
    expect(float.layers.get("MobilenetV1/Conv2d_0_pointwise/weights")).toMatchObject({ calls: 1, vectorsPerCall: 256 * 256, range: { signed: true } });
    expect(float.layers.get("conv32_down/conv/filters")!.calls).toBe(shipped.faces.length);
    expect(injected.layers.get("conv32_down/conv/filters")!.calls).toBe(2 * shipped.faces.length);
    expect(float.layers.get("fc")).toMatchObject({ kind: "dense", vectorsPerCall: 1, range: { signed: false } });
    expect(float.layers.get("MobilenetV1/Conv2d_1_depthwise/depthwise_weights")).toMatchObject({ kind: "depthwise", vectorsPerCall: 256 * 256 * 32 });
  }, 600_000);
});
