import { createHash } from "node:crypto";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import type { BudgetParams } from "../sme/budget/options.js";
import { analyzeModel, type ModelMetrics } from "../sme/metrics.js";
import type { ScaleMode, TileParams } from "../sme/params.js";
import { mergeRanges, quantizerFor, type ActivationMode, type ActivationQuantizer, type InputRange } from "./activations.js";
import type { BackendName } from "./backend.js";
import type { RunConfig } from "./configs.js";
import type { EngineOutput, EngineRequest } from "./engine.js";
import { inProcessExecutor, workerExecutor, type EngineExecutor } from "./executor.js";
import { emptyTiming, type LayerRecord, type ProbeTiming } from "./layer-probe.js";
import { loadNetwork, NETWORK_KEYS, type NetworkKey } from "./networks.js";
import type { ImageResult } from "./pipeline.js";
import type { TraceFile } from "./traces.js";
import { kernelWeights, QuantizationCache, type KernelWeights } from "./weights.js";
import type { FaceBox } from "./face-api-types.js";

/** Splits the photos over `n` engines, round robin in the given order. */
export function shareImages(images: readonly string[], n: number): string[][] {
  const shares: string[][] = Array.from({ length: n }, () => []);
  images.forEach((img, i) => {
    shares[i % n]!.push(img);
  });
  return shares.filter((s) => s.length > 0);
}

/** Adds the records of the engines' shares of the photos. */
export function mergeRecords(parts: ReadonlyArray<ReadonlyMap<string, LayerRecord>>): Map<string, LayerRecord> {
  const out = new Map<string, LayerRecord>();
  for (const part of parts) {
    for (const [name, r] of part) {
      const o = out.get(name);
      if (!o) {
        out.set(name, { ...r, range: { ...r.range } });
        continue;
      }
      o.calls += r.calls;
      o.vectors += r.vectors;
      o.vectorsPerCall ||= r.vectorsPerCall;
      o.inputValues += r.inputValues;
      o.clipped += r.clipped;
      mergeRanges(o.range, r.range);
      o.signal += r.signal;
      o.error += r.error;
      o.uncalibrated ||= r.uncalibrated;
    }
  }
  return out;
}

export interface MergedOutput {
  readonly images: ImageResult[];
  readonly layers: Map<string, LayerRecord>;
  readonly traces: TraceFile[];
  /** The slowest engine's time, and the engines' time added up with its split. */
  readonly wallMs: number;
  readonly engineMs: number;
  readonly timing: ProbeTiming;
}

export function merge(outputs: readonly EngineOutput[], order: readonly string[]): MergedOutput {
  const byName = new Map(outputs.flatMap((o) => o.images).map((r) => [r.image, r]));
  const timing = emptyTiming();
  for (const o of outputs) for (const k of Object.keys(timing) as (keyof ProbeTiming)[]) timing[k] += o.timing[k];
  return {
    images: order.map((n) => byName.get(n)!),
    layers: mergeRecords(outputs.map((o) => o.layers)),
    traces: outputs.flatMap((o) => o.traces),
    wallMs: Math.max(...outputs.map((o) => o.wallMs)),
    engineMs: outputs.reduce((s, o) => s + o.wallMs, 0),
    timing,
  };
}

/** Seconds of engine time by what it went to (summed over engines and runs). */
export interface EngineTimeSplit {
  /** All engine time: the photos through face-api, every configuration. */
  readonly engineS: number;
  /** The mapped layers' multiplications. */
  readonly kernelS: number;
  /** The float-kernel multiplications behind the per-layer output SQNR. */
  readonly referenceS: number;
  readonly quantizeS: number;
  readonly calibrateS: number;
  readonly traceS: number;
  /** The rest: face-api's pre- and post-processing, the unmapped landmark net, loading weights into face-api. */
  readonly otherS: number;
}

export function split(parts: readonly MergedOutput[]): EngineTimeSplit {
  const t = emptyTiming();
  let engine = 0;
  for (const p of parts) {
    engine += p.engineMs;
    for (const k of Object.keys(t) as (keyof ProbeTiming)[]) t[k] += p.timing[k];
  }
  const tapped = t.kernelMs + t.referenceMs + t.quantizeMs + t.calibrateMs + t.traceMs;
  return {
    engineS: engine / 1000,
    kernelS: t.kernelMs / 1000,
    referenceS: t.referenceMs / 1000,
    quantizeS: t.quantizeMs / 1000,
    calibrateS: t.calibrateMs / 1000,
    traceS: t.traceMs / 1000,
    otherS: (engine - tapped) / 1000,
  };
}

function weightsHash(weights: ReadonlyMap<NetworkKey, KernelWeights>): string {
  const h = createHash("sha1");
  for (const [key, w] of weights) {
    h.update(key);
    for (const [name, v] of w.values) {
      h.update(name);
      h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    }
  }
  return h.digest("hex");
}

/** What a session runs on: the photos, the networks, and how many engines share the photos. */
export interface SessionOptions {
  readonly backend: BackendName;
  readonly images: readonly string[];
  readonly modelsDir: string;
  /** Map the landmark net too (by default it keeps its shipped weights). */
  readonly mapAll: boolean;
  /** Engines: worker threads, each running every configuration on its share of the photos; 1 runs in this thread. */
  readonly jobs: number;
  readonly detection?: { readonly minConfidence: number; readonly maxResults: number };
}

/**
 * The engines of one set of photos and the float run everything is measured against: the engines start and the
 * photos are decoded once, the float run (which also calibrates every mapped layer's activation range) runs
 * once, and every configuration after it reuses all of that. `sme accuracy` runs its configurations on one
 * session; `sme sweep --accuracy` keeps one per sweep worker and runs each point's mapping on it.
 */
export class AccuracySession {
  /** Every engine run after the float run, for the time split. */
  readonly runs: MergedOutput[] = [];
  private readonly quantizerSets = new Map<number, Map<string, ActivationQuantizer>>();

  private constructor(
    private readonly executors: readonly EngineExecutor[],
    readonly options: SessionOptions,
    readonly mapped: readonly NetworkKey[],
    readonly models: ReadonlyMap<NetworkKey, LoadedModel>,
    readonly detection: { readonly minConfidence: number; readonly maxResults: number },
    readonly floatRun: MergedOutput,
    /** Milliseconds from opening to the engines being ready (before the float run). */
    readonly startMs: number,
  ) {}

  /** Starts the engines, loads the mapped networks' weights and runs the float run; a failure closes what started. */
  static async open(opts: SessionOptions): Promise<AccuracySession> {
    const started = performance.now();
    const detection = opts.detection ?? { minConfidence: 0.5, maxResults: 100 };
    const mapped: NetworkKey[] = NETWORK_KEYS.filter((k) => opts.mapAll || k !== "landmarks");
    const shares = shareImages(opts.images, Math.max(1, Math.min(opts.jobs, opts.images.length)));
    const setup = (images: string[]) => ({ backend: opts.backend, modelsDir: opts.modelsDir, images, mapped, detection });
    const executorsReady = startExecutors(shares.map((s) => () => (opts.jobs <= 1 ? inProcessExecutor(setup(s)) : workerExecutor(setup(s)))));
    // Allow a failed start to be awaited later without an unhandled rejection in between.
    executorsReady.catch(() => undefined);
    let executors: EngineExecutor[] = [];
    try {
      const models = new Map<NetworkKey, LoadedModel>();
      for (const key of mapped) models.set(key, await loadNetwork(opts.modelsDir, key));
      executors = await executorsReady;
      const startMs = performance.now() - started;
      const order = opts.images.map(imageName);
      const floatRun = merge(
        await Promise.all(executors.map((e) => e.run({ kernels: null, quantizers: null, traceDir: null, floatCrops: null, layerSqnr: false }))),
        order,
      );
      return new AccuracySession(executors, opts, mapped, models, detection, floatRun, startMs);
    } catch (err) {
      // Engines still starting when the main thread failed are closed too: worker threads would keep the process alive.
      const open = executors.length > 0 ? executors : await executorsReady.catch(() => []);
      await Promise.all(open.map((e) => e.close()));
      throw err;
    }
  }

  /** Photo file names in run order. */
  get imageNames(): string[] {
    return this.options.images.map(imageName);
  }

  /** The input range every mapped layer met in the float run. */
  get ranges(): Map<string, InputRange> {
    return new Map([...this.floatRun.layers].map(([n, r]) => [n, r.range]));
  }

  /** The float run's face crop boxes per photo, for the recognizer-alone check. */
  get floatCrops(): Record<string, FaceBox[]> {
    return Object.fromEntries(this.floatRun.images.map((r) => [r.image, r.faces.map((f) => f.cropBox)]));
  }

  /** The A-bit quantizer of every mapped layer, calibrated on the float run; null for float activations. */
  quantizers(activations: ActivationMode, actBits: number): Map<string, ActivationQuantizer> | null {
    if (activations === "float") return null;
    let set = this.quantizerSets.get(actBits);
    if (!set) {
      set = new Map([...this.ranges].map(([n, r]) => [n, quantizerFor(r, actBits)]));
      this.quantizerSets.set(actBits, set);
    }
    return set;
  }

  /** Runs one request on every engine (each on its photos) and merges their outputs in photo order. */
  async run(req: EngineRequest): Promise<MergedOutput> {
    const out = merge(await Promise.all(this.executors.map((e) => e.run(req))), this.imageNames);
    this.runs.push(out);
    return out;
  }

  get engines(): number {
    return this.executors.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.executors.map((e) => e.close()));
  }
}

const isSqueeze = (mode: TileParams["mode"]): boolean => mode === "squeeze" || mode === "squeeze-min";

/** One configuration's kernels ready for the engines, with what they cost in crossbars. */
export interface PreparedWeights {
  readonly weights: Map<NetworkKey, KernelWeights>;
  /** Identifies bit-identical weights (the lossless modes hold the same codes). */
  readonly hash: string;
  /** The golden model's analysis of each mapped network under a mapping's tile parameters; null for the references. */
  readonly costs: Map<NetworkKey, ModelMetrics> | null;
}

/**
 * Quantizes, maps and analyses the mapped networks' kernels for configurations: each kernel is quantized once per
 * (N, S, scale) and the golden model's analysis (which covers every mode at once) runs once per tile
 * configuration and D. Runs in the calling thread while the engines work.
 */
export class WeightPreparer {
  private readonly cache = new QuantizationCache();
  private readonly analyses = new Map<string, ModelMetrics>();

  constructor(
    private readonly models: ReadonlyMap<NetworkKey, LoadedModel>,
    private readonly mapped: readonly NetworkKey[],
  ) {}

  prepare(cfg: RunConfig, scale: ScaleMode): PreparedWeights {
    const weights = new Map<NetworkKey, KernelWeights>();
    const costs = cfg.params ? new Map(this.mapped.map((k) => [k, this.analysis(k, cfg.params!, scale, cfg.budget)])) : null;
    for (const key of this.mapped) weights.set(key, kernelWeights(this.models.get(key)!, cfg.variant, this.cache, costs?.get(key)?.budget));
    return { weights, hash: weightsHash(weights), costs };
  }

  private analysis(key: NetworkKey, p: TileParams, scale: ScaleMode, budget: BudgetParams | null): ModelMetrics {
    const { mode: _mode, squeeze: _squeeze, ...configuration } = p;
    // A budget analysis holds every other mode too, but only its own target's budget mapping.
    if (budget) {
      const id = `${key}|${scale}|${JSON.stringify(configuration)}#budget|${JSON.stringify(budget)}`;
      let m = this.analyses.get(id);
      if (!m) {
        m = analyzeModel(this.models.get(key)!, p, { scale, budget });
        if (this.analyses.size >= 32) this.analyses.delete(this.analyses.keys().next().value!);
        this.analyses.set(id, m);
      }
      return m;
    }
    const base = `${key}|${scale}|${JSON.stringify(configuration)}|`;
    // analyzeModel covers every mode; only the squeeze modes depend on D, so any D's analysis serves the others.
    let m =
      this.analyses.get(`${base}${isSqueeze(p.mode) ? p.squeeze : "any"}`) ??
      (isSqueeze(p.mode) ? undefined : [...this.analyses].find(([k]) => k.startsWith(base))?.[1]);
    if (!m) {
      m = analyzeModel(this.models.get(key)!, p, { scale });
      if (this.analyses.size >= 32) this.analyses.delete(this.analyses.keys().next().value!);
      this.analyses.set(`${base}${isSqueeze(p.mode) ? p.squeeze : "any"}`, m);
    }
    return m;
  }
}

/** Starts every engine; if any fails, closes those that started and throws the first failure. */
async function startExecutors(starts: ReadonlyArray<() => Promise<EngineExecutor>>): Promise<EngineExecutor[]> {
  const settled = await Promise.allSettled(starts.map((f) => f()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const ok = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (failed) {
    await Promise.all(ok.map((e) => e.close()));
    throw failed.reason;
  }
  return ok;
}

export function imageName(path: string): string {
  return path.split(/[\\/]/).pop()!;
}

/** The output of a configuration that was not run (its answers are another's): nothing measured, no time. */
export function emptyMergedOutput(): MergedOutput {
  return { images: [], layers: new Map(), traces: [], wallMs: 0, engineMs: 0, timing: emptyTiming() };
}
