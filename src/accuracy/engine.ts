import type * as TF from "@tensorflow/tfjs";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import type { ActivationQuantizer } from "./activations.js";
import { startFaceApi, type BackendName, type FaceApiRuntime } from "./backend.js";
import type { FaceBox } from "./face-api-types.js";
import { decodeImage, type DecodedImage } from "./images.js";
import { injectNetwork } from "./inject.js";
import { KernelTaps } from "./kernel-taps.js";
import { LayerProbe, type LayerRecord, type ProbeTiming } from "./layer-probe.js";
import { loadNetwork, NETWORK_KEYS, type NetworkKey } from "./networks.js";
import { embedFaceCrops, runFacePipeline, type ImageResult } from "./pipeline.js";
import { TraceWriter, type TraceFile } from "./traces.js";

/** What an engine runs on: its share of the photos, and which networks are mapped. */
export interface EngineSetup {
  readonly backend: BackendName;
  readonly modelsDir: string;
  readonly images: readonly string[];
  /** Networks whose kernels are replaced and measured; the others run with their shipped weights. */
  readonly mapped: readonly NetworkKey[];
  readonly detection: { readonly minConfidence: number; readonly maxResults: number };
}

/** One configuration to run on the engine's photos. */
export interface EngineRequest {
  /** Kernel values per mapped network (every mapped kernel); null runs the shipped float kernels. */
  readonly kernels: Readonly<Partial<Record<NetworkKey, ReadonlyMap<string, Float32Array>>>> | null;
  /** Per-layer activation quantizers; null keeps float activations. */
  readonly quantizers: ReadonlyMap<string, ActivationQuantizer> | null;
  /** Where to write the A-bit vectors (`--save-activations`); null writes none. */
  readonly traceDir: string | null;
  /** The float run's crop boxes per photo, for the recognizer-alone check; null skips it (the float run). */
  readonly floatCrops: Readonly<Record<string, readonly FaceBox[]>> | null;
  /** Measure each mapped layer's output against the float kernel (one more multiplication per layer call). */
  readonly layerSqnr: boolean;
}

export interface EngineOutput {
  readonly images: ImageResult[];
  readonly layers: Map<string, LayerRecord>;
  readonly traces: TraceFile[];
  readonly wallMs: number;
  /** Where the tapped kernels' time went; the rest of `wallMs` is the untapped network and face-api's own work. */
  readonly timing: ProbeTiming;
}

/**
 * Runs face-api configurations on a fixed set of photos in one thread: the photos are decoded once, the
 * networks' files loaded once, and the float kernels kept on the backend to measure every layer's output against.
 */
export class AccuracyEngine {
  private constructor(
    private readonly rt: FaceApiRuntime,
    private readonly setup: EngineSetup,
    private readonly models: ReadonlyMap<NetworkKey, LoadedModel>,
    private readonly photos: readonly DecodedImage[],
    private readonly floatKernels: ReadonlyMap<string, TF.Tensor>,
    private readonly networkOf: ReadonlyMap<string, NetworkKey>,
  ) {}

  static async start(setup: EngineSetup): Promise<AccuracyEngine> {
    const rt = await startFaceApi(setup.backend);
    const models = new Map<NetworkKey, LoadedModel>();
    for (const key of NETWORK_KEYS) models.set(key, await loadNetwork(setup.modelsDir, key));
    const photos: DecodedImage[] = [];
    for (const path of setup.images) photos.push(await decodeImage(path));
    const floatKernels = new Map<string, TF.Tensor>();
    const networkOf = new Map<string, NetworkKey>();
    for (const key of setup.mapped) {
      for (const w of models.get(key)!.layers) {
        floatKernels.set(w.name, rt.tf.tensor(w.data, [...w.shape], "float32"));
        networkOf.set(w.name, key);
      }
    }
    // Networks that are not mapped keep their shipped weights for as long as the engine lives.
    for (const key of NETWORK_KEYS) if (!setup.mapped.includes(key)) injectNetwork(rt, key, models.get(key)!, new Map());
    return new AccuracyEngine(rt, setup, models, photos, floatKernels, networkOf);
  }

  get imageNames(): string[] {
    return this.photos.map((p) => p.name);
  }

  async run(req: EngineRequest): Promise<EngineOutput> {
    const started = performance.now();
    const taps = KernelTaps.on(this.rt.tf);
    const trace = req.traceDir === null ? null : new TraceWriter(req.traceDir, this.networkOf);
    const probe = new LayerProbe({
      tf: this.rt.tf,
      calibrate: req.kernels === null,
      quantizers: req.quantizers,
      floatWeights: req.kernels === null || !req.layerSqnr ? null : this.floatKernels,
      trace,
    });
    taps.unwatchAll();
    for (const key of this.setup.mapped) {
      const model = this.models.get(key)!;
      const kernels = req.kernels?.[key] ?? new Map(model.layers.map((w) => [w.name, w.data as Float32Array]));
      const injected = injectNetwork(this.rt, key, model, kernels);
      for (const [dataId, layer] of injected.kernelByDataId) taps.watch(dataId, layer, probe.handler);
    }
    const images: ImageResult[] = [];
    try {
      for (const photo of this.photos) {
        trace?.beginImage(photo.name);
        const result = await runFacePipeline(this.rt, photo, this.setup.detection);
        const crops = req.floatCrops?.[photo.name];
        // The recognizer-alone check is not part of the pipeline: its calls are measured but not traced.
        trace?.beginImage(null);
        images.push(crops ? { ...result, floatCropEmbeddings: await embedFaceCrops(this.rt, photo, crops) } : result);
      }
    } finally {
      taps.unwatchAll();
    }
    return { images, layers: probe.records, traces: trace?.files ?? [], wallMs: performance.now() - started, timing: probe.timing };
  }
}
