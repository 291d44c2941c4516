import { createHash } from "node:crypto";
import type { ComponentTable } from "../cost/table.js";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import { analyzeModel, type ModelMetrics } from "../sme/metrics.js";
import type { BudgetParams } from "../sme/budget/options.js";
import type { MappingMode, ScaleMode, TileParams } from "../sme/params.js";
import { sqnrFromSums } from "../sme/quantize.js";
import { mergeRanges, quantizerFor, type ActivationMode, type ActivationQuantizer, type InputRange } from "./activations.js";
import type { BackendName } from "./backend.js";
import { accuracyConfigs, type RunConfig } from "./configs.js";
import type { EngineOutput, EngineRequest } from "./engine.js";
import { inferenceCost, type LayerWorkload } from "./energy.js";
import { inProcessExecutor, workerExecutor, type EngineExecutor } from "./executor.js";
import { emptyTiming, type LayerKind, type LayerRecord, type ProbeTiming } from "./layer-probe.js";
import { compareToFloat, type DetectionMetrics, type RecognitionMetrics, type RecognizerMetrics } from "./metrics.js";
import { loadNetwork, NETWORK_KEYS, type NetworkKey } from "./networks.js";
import type { ImageResult } from "./pipeline.js";
import { TRACE_FORMAT, writeTraceManifest, type TraceFile } from "./traces.js";
import { kernelWeights, QuantizationCache, type KernelWeights } from "./weights.js";
import { UserError } from "../util/errors.js";

export interface AccuracyOptions {
  /** R, C, N, S, A and the converter settings; the modes and D come from `modes` and `squeezes`. */
  readonly base: TileParams;
  readonly scale: ScaleMode;
  readonly modes: readonly MappingMode[];
  readonly squeezes: readonly number[];
  /** Mode `budget`: one run per entry (target, scope, floor; each network is one budget). Default: the defaults. */
  readonly budgets?: readonly BudgetParams[];
  readonly activations: ActivationMode;
  readonly backend: BackendName;
  readonly images: readonly string[];
  readonly modelsDir: string;
  /** Map the landmark net too (by default it keeps its shipped weights). */
  readonly mapAll: boolean;
  /** Worker threads, each running every configuration on its share of the photos; 1 runs in this thread. */
  readonly jobs: number;
  readonly cost: ComponentTable;
  /** Folder to write the mapping configuration's activation traces into (it must be the only mapping). */
  readonly traceDir: string | null;
  /** Measure every mapped layer's output SQNR (default true; a third of the engines' time goes to it). */
  readonly layerSqnr?: boolean;
  /** Configurations whose weights are bit-identical to an earlier one reuse its answers (default true). */
  readonly dedupe?: boolean;
  readonly detection?: { readonly minConfidence: number; readonly maxResults: number };
  readonly progress?: (line: string) => void;
}

export interface LayerResult {
  readonly network: NetworkKey;
  readonly name: string;
  readonly kind: LayerKind | null;
  readonly weightSqnrDb: number;
  /** SQNR of the layer's output on the run's real inputs, against the float kernel on the same inputs. */
  readonly outputSqnrDb: number | null;
  /** Share of the layer's inputs above the calibrated range (clipped at the top code). */
  readonly clippedFraction: number | null;
  readonly vectorsPerInference: number | null;
  readonly signed: boolean | null;
  readonly crossbars: number | null;
  readonly energyNjPerInference: number | null;
}

export interface NetworkResult {
  readonly weightSqnrDb: number;
  readonly outputSqnrDb: number | null;
  readonly crossbars: number | null;
  readonly denseCrossbars: number | null;
  /** One inference: a photo through the detector, a face crop through the recognizer or the landmark net. */
  readonly inference: { readonly passes: number; readonly energyNj: number; readonly latencyNs: number } | null;
}

export interface ConfigResult {
  readonly id: string;
  readonly label: string;
  readonly role: RunConfig["role"];
  readonly mode: MappingMode | null;
  readonly squeeze: number | null;
  /** Mode `budget`: the target, scope and floor it ran at (absent for the other modes). */
  readonly budget?: BudgetParams;
  /** The configuration with bit-identical weights whose run this one reuses, if any. */
  readonly sameAs: string | null;
  readonly crossbars: number | null;
  readonly denseCrossbars: number | null;
  readonly weightSqnrDb: number;
  readonly droppedCells: number;
  readonly detection: DetectionMetrics;
  readonly recognition: RecognitionMetrics;
  readonly recognizer: RecognizerMetrics | null;
  readonly networks: Readonly<Partial<Record<NetworkKey, NetworkResult>>>;
  readonly layers: readonly LayerResult[];
  readonly images: readonly ImageResult[];
  readonly wallMs: number;
}

export interface AccuracyResult {
  readonly format: "sme-accuracy/1";
  readonly settings: {
    readonly tile: Omit<TileParams, "mode" | "squeeze">;
    readonly scale: ScaleMode;
    readonly activations: ActivationMode;
    readonly backend: BackendName;
    readonly mapped: readonly NetworkKey[];
    readonly jobs: number;
    readonly cost: string;
    readonly detection: { readonly minConfidence: number; readonly maxResults: number };
  };
  readonly images: readonly string[];
  readonly floatRun: readonly ImageResult[];
  readonly calibration: ReadonlyArray<{ readonly network: NetworkKey; readonly layer: string; readonly maxAbs: number; readonly signed: boolean; readonly scale: number | null }>;
  readonly configs: readonly ConfigResult[];
  readonly traces: { readonly dir: string; readonly config: string; readonly files: readonly TraceFile[] } | null;
  readonly timing: {
    readonly wallS: number;
    /** CPU seconds of the whole process (every thread). */
    readonly cpuS: number;
    readonly startS: number;
    readonly floatRunS: number;
    /** Main-thread time spent quantizing, mapping and analysing weights. */
    readonly weightsS: number;
    readonly engines: EngineTimeSplit;
  };
}

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

interface MergedOutput {
  readonly images: ImageResult[];
  readonly layers: Map<string, LayerRecord>;
  readonly traces: TraceFile[];
  /** The slowest engine's time, and the engines' time added up with its split. */
  readonly wallMs: number;
  readonly engineMs: number;
  readonly timing: ProbeTiming;
}

function merge(outputs: readonly EngineOutput[], order: readonly string[]): MergedOutput {
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

function split(parts: readonly MergedOutput[]): EngineTimeSplit {
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

const isSqueeze = (m: MappingMode): boolean => m === "squeeze" || m === "squeeze-min";

/**
 * Runs face-api on the photos with each configuration and measures what changes against the float network:
 * the float run first (it also calibrates the activation scales), then every reference and mapping.
 */
export async function runAccuracy(opts: AccuracyOptions): Promise<AccuracyResult> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const say = opts.progress ?? (() => {});
  const detection = opts.detection ?? { minConfidence: 0.5, maxResults: 100 };
  const mapped: NetworkKey[] = NETWORK_KEYS.filter((k) => opts.mapAll || k !== "landmarks");
  const configs = accuracyConfigs(opts.base, opts.scale, opts.modes, opts.squeezes, opts.budgets);
  const mappings = configs.filter((c) => c.role === "mapping").length;
  if (opts.traceDir !== null && mappings !== 1) {
    throw new UserError(`activation traces record one mapping, this run has ${mappings}: choose one --mode (and one --squeeze for the squeeze modes, one --target-sqnr for budget)`);
  }
  const shares = shareImages(opts.images, Math.max(1, Math.min(opts.jobs, opts.images.length)));
  const setup = (images: string[]) => ({ backend: opts.backend, modelsDir: opts.modelsDir, images, mapped, detection });
  const executorsReady = startExecutors(shares.map((s) => () => (opts.jobs <= 1 ? inProcessExecutor(setup(s)) : workerExecutor(setup(s)))));
  // Allow a failed start to be awaited later without an unhandled rejection in between.
  executorsReady.catch(() => undefined);
  let executors: EngineExecutor[] = [];
  let weightsMs = 0;
  try {
    const models = new Map<NetworkKey, LoadedModel>();
    for (const key of mapped) models.set(key, await loadNetwork(opts.modelsDir, key));
    executors = await executorsReady;
    const startMs = performance.now() - started;
    const runAll = async (req: EngineRequest): Promise<MergedOutput> => merge(await Promise.all(executors.map((e) => e.run(req))), opts.images.map(imageName));
    const floatRun = await runAll({ kernels: null, quantizers: null, traceDir: null, floatCrops: null, layerSqnr: false });
    const ran: MergedOutput[] = [floatRun];
    const floatFaces = floatRun.images.reduce((s, r) => s + r.faces.length, 0);
    say(`float run: ${opts.images.length} photo(s), ${floatFaces} face(s), ${(floatRun.wallMs / 1000).toFixed(1)} s`);
    const ranges = new Map<string, InputRange>([...floatRun.layers].map(([n, r]) => [n, r.range]));
    const floatCrops = Object.fromEntries(floatRun.images.map((r) => [r.image, r.faces.map((f) => f.cropBox)]));
    const quantizers: Map<string, ActivationQuantizer> | null =
      opts.activations === "quantized" ? new Map([...ranges].map(([n, r]) => [n, quantizerFor(r, opts.base.actBits)])) : null;

    const cache = new QuantizationCache();
    const analyses = new Map<string, ModelMetrics>();
    const analysis = (key: NetworkKey, p: TileParams, budget: BudgetParams | null): ModelMetrics => {
      // A budget analysis holds every other mode too, but only its own target's budget mapping.
      if (budget) {
        const id = `${key}|budget|${JSON.stringify(budget)}`;
        let m = analyses.get(id);
        if (!m) {
          m = analyzeModel(models.get(key)!, p, { scale: opts.scale, budget });
          analyses.set(id, m);
        }
        return m;
      }
      const id = `${key}|${isSqueeze(p.mode) ? p.squeeze : "any"}`;
      let m = analyses.get(id) ?? (isSqueeze(p.mode) ? undefined : [...analyses].find(([k]) => k.startsWith(`${key}|`) && !k.startsWith(`${key}|budget|`))?.[1]);
      if (!m) {
        m = analyzeModel(models.get(key)!, p, { scale: opts.scale });
        analyses.set(id, m);
      }
      return m;
    };
    const seen = new Map<string, string>();
    const results: ConfigResult[] = [];
    let traces: AccuracyResult["traces"] = null;
    // Weights of the next configuration are prepared while the engines run the current one.
    let running: Promise<void> = Promise.resolve();
    for (const cfg of configs) {
      const t0 = performance.now();
      const costs = cfg.params ? new Map(mapped.map((k) => [k, analysis(k, cfg.params!, cfg.budget)])) : null;
      const weights = new Map<NetworkKey, KernelWeights>();
      for (const key of mapped) weights.set(key, kernelWeights(models.get(key)!, cfg.variant, cache, costs?.get(key)?.budget));
      const hash = weightsHash(weights);
      weightsMs += performance.now() - t0;
      await running;
      const twin = opts.dedupe === false ? undefined : seen.get(hash);
      if (!twin) seen.set(hash, cfg.id);
      const traceDir = opts.traceDir !== null && cfg.role === "mapping" ? opts.traceDir : null;
      const reuse = twin ? results.find((r) => r.id === twin)! : null;
      const floatAgain = cfg.variant.kind === "float" && opts.activations === "float";
      const pending: Promise<MergedOutput> = reuse || floatAgain
        ? Promise.resolve(floatAgain ? { ...floatRun, wallMs: 0, engineMs: 0 } : { images: [...reuse!.images], layers: new Map(), traces: [], wallMs: 0, engineMs: 0, timing: emptyTiming() })
        : runAll({ kernels: Object.fromEntries([...weights].map(([k, w]) => [k, w.values])), quantizers, traceDir, floatCrops, layerSqnr: opts.layerSqnr !== false }).then((o) => {
            ran.push(o);
            return o;
          });
      running = pending.then((out) => {
        const result = summarize(cfg, out, floatRun, weights, costs, ranges, reuse, opts);
        results.push(result);
        if (traceDir !== null) traces = { dir: traceDir, config: cfg.id, files: out.traces };
        const how = reuse ? ` (same weights as ${reuse.label})` : floatAgain ? " (the float run)" : `, ${(out.wallMs / 1000).toFixed(1)} s`;
        say(`${cfg.label}: ${describeRun(result)}${how}`);
      });
    }
    await running;
    if (traces !== null) writeManifest(traces, results, models, quantizers, ranges, opts);
    const cpu = process.cpuUsage(cpu0);
    return {
      format: "sme-accuracy/1",
      settings: {
        tile: tileSettings(opts.base),
        scale: opts.scale,
        activations: opts.activations,
        backend: opts.backend,
        mapped,
        jobs: executors.length,
        cost: opts.cost.name,
        detection,
      },
      images: opts.images.map(imageName),
      floatRun: floatRun.images,
      calibration: [...mapped].flatMap((key) =>
        models.get(key)!.layers.map((w) => {
          const r = ranges.get(w.name);
          return { network: key, layer: w.name, maxAbs: r?.maxAbs ?? 0, signed: r?.signed ?? false, scale: quantizers?.get(w.name)?.scale ?? null };
        }),
      ),
      configs: results,
      traces,
      timing: {
        wallS: (performance.now() - started) / 1000,
        cpuS: (cpu.user + cpu.system) / 1e6,
        startS: startMs / 1000,
        floatRunS: floatRun.wallMs / 1000,
        weightsS: weightsMs / 1000,
        engines: split(ran),
      },
    };
  } finally {
    // Engines still starting when the main thread failed are closed too: worker threads would keep the process alive.
    const open = executors.length > 0 ? executors : await executorsReady.catch(() => []);
    await Promise.all(open.map((e) => e.close()));
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

/** The trace folder's manifest: every mapped layer with its geometry, scale and files. */
function writeManifest(
  traces: NonNullable<AccuracyResult["traces"]>,
  results: readonly ConfigResult[],
  models: ReadonlyMap<NetworkKey, LoadedModel>,
  quantizers: ReadonlyMap<string, ActivationQuantizer> | null,
  ranges: ReadonlyMap<string, InputRange>,
  opts: AccuracyOptions,
): void {
  const cfg = results.find((r) => r.id === traces.config)!;
  const kinds = new Map(cfg.layers.map((l) => [l.name, l.kind]));
  writeTraceManifest(traces.dir, {
    format: TRACE_FORMAT,
    configuration: { id: cfg.id, label: cfg.label, tile: { ...tileSettings(opts.base), mode: cfg.mode, squeeze: cfg.squeeze }, scale: opts.scale },
    actBits: opts.base.actBits,
    dtype: opts.base.actBits <= 8 ? "uint8" : "uint16",
    images: opts.images.map(imageName),
    layers: [...models].flatMap(([network, model]) =>
      model.layers.map((w) => ({
        network,
        name: w.name,
        kind: kinds.get(w.name) ?? (w.kind === "depthwise" ? "depthwise" : w.kind === "conv" ? "conv" : "dense"),
        kernelShape: w.shape,
        fanIn: w.rows,
        fanOut: w.cols,
        scale: quantizers?.get(w.name)?.scale ?? 0,
        signed: ranges.get(w.name)?.signed ?? false,
        files: traces.files.filter((f) => f.layer === w.name),
      })),
    ),
  });
}

function imageName(path: string): string {
  return path.split(/[\\/]/).pop()!;
}

function tileSettings(p: TileParams): Omit<TileParams, "mode" | "squeeze"> {
  const { mode: _mode, squeeze: _squeeze, ...rest } = p;
  return rest;
}

function describeRun(r: ConfigResult): string {
  const c = r.recognition;
  const d = r.detection;
  const cos = c.meanCosine === null ? "no faces matched" : `embedding cosine mean ${c.meanCosine.toFixed(4)} min ${c.minCosine!.toFixed(4)}`;
  return `${d.faces}/${d.floatFaces} faces, ${cos}, ${c.flipped}/${c.pairs} decisions flipped`;
}

/** Turns one configuration's merged run into its figures: answers against the float run, layers, cost. */
function summarize(
  cfg: RunConfig,
  out: MergedOutput,
  floatRun: MergedOutput,
  weights: ReadonlyMap<NetworkKey, KernelWeights>,
  costs: ReadonlyMap<NetworkKey, ModelMetrics> | null,
  ranges: ReadonlyMap<string, InputRange>,
  reuse: ConfigResult | null,
  opts: AccuracyOptions,
): ConfigResult {
  const cmp = compareToFloat(floatRun.images, out.images);
  const networks: Partial<Record<NetworkKey, NetworkResult>> = {};
  const layers: LayerResult[] = [];
  let signal = 0;
  let error = 0;
  let droppedCells = 0;
  let crossbars: number | null = costs ? 0 : null;
  let denseCrossbars: number | null = costs ? 0 : null;
  const mode = cfg.params?.mode ?? null;
  for (const [key, w] of weights) {
    signal += w.signal;
    error += w.error;
    droppedCells += w.droppedCells;
    const metrics = costs?.get(key) ?? null;
    const workloads: LayerWorkload[] = [];
    let known = true;
    let outSignal = 0;
    let outError = 0;
    // Layers in the order the network runs them (the float run met them in that order); any it never ran last.
    const runOrder = [...floatRun.layers.keys()];
    const rank = (n: string) => (runOrder.includes(n) ? runOrder.indexOf(n) : runOrder.length);
    const names = [...w.values.keys()].sort((a, b) => rank(a) - rank(b));
    for (const name of names) {
      const rec = reuse ? null : out.layers.get(name);
      const base = floatRun.layers.get(name);
      const lm = metrics?.layers.find((l) => l.name === name);
      const mm = lm && mode ? lm.modes[mode] : null;
      if (rec) {
        outSignal += rec.signal;
        outError += rec.error;
      }
      const range = ranges.get(name);
      if (mm && lm && base) {
        workloads.push({ name, kind: base.kind, vectorsPerInference: base.vectorsPerCall, signed: range?.signed ?? false, tileCols: lm.tileCols, metrics: mm });
      } else if (mm) known = false;
      layers.push({
        network: key,
        name,
        kind: base?.kind ?? null,
        weightSqnrDb: w.sqnrDb.get(name)!,
        outputSqnrDb: rec && rec.calls > 0 && (rec.signal > 0 || rec.error > 0) ? sqnrFromSums(rec.signal, rec.error) : null,
        clippedFraction: rec && rec.inputValues > 0 && opts.activations === "quantized" ? rec.clipped / rec.inputValues : null,
        vectorsPerInference: base?.vectorsPerCall ?? null,
        signed: range?.signed ?? null,
        crossbars: mm?.crossbars ?? null,
        energyNjPerInference: null,
      });
    }
    const cost = cfg.params && metrics && known ? inferenceCost(opts.cost, cfg.params, workloads) : null;
    if (cost) {
      for (const lc of cost.layers) {
        const k = layers.findIndex((l) => l.network === key && l.name === lc.name);
        layers[k] = { ...layers[k]!, energyNjPerInference: lc.energyNj };
      }
    }
    const netCrossbars = metrics && mode ? metrics.total.modes[mode]?.crossbars ?? null : null;
    const netDense = metrics ? metrics.total.modes.dense?.crossbars ?? null : null;
    if (crossbars !== null) crossbars = netCrossbars === null ? null : crossbars + netCrossbars;
    if (denseCrossbars !== null) denseCrossbars = netDense === null ? null : denseCrossbars + netDense;
    networks[key] = {
      weightSqnrDb: w.totalSqnrDb,
      outputSqnrDb: outSignal > 0 || outError > 0 ? sqnrFromSums(outSignal, outError) : null,
      crossbars: netCrossbars,
      denseCrossbars: netDense,
      inference: cost ? { passes: cost.passes, energyNj: cost.energyNj, latencyNs: cost.latencyNs } : null,
    };
  }
  const finalLayers = reuse ? layers.map((l, i) => ({ ...l, outputSqnrDb: reuse.layers[i]?.outputSqnrDb ?? null, clippedFraction: reuse.layers[i]?.clippedFraction ?? null })) : layers;
  const finalNetworks = reuse
    ? Object.fromEntries(Object.entries(networks).map(([k, n]) => [k, { ...n, outputSqnrDb: reuse.networks[k as NetworkKey]?.outputSqnrDb ?? null }]))
    : networks;
  return {
    id: cfg.id,
    label: cfg.label,
    role: cfg.role,
    mode,
    squeeze: cfg.params && isSqueeze(cfg.params.mode) ? cfg.params.squeeze : null,
    ...(cfg.budget ? { budget: cfg.budget } : {}),
    sameAs: reuse?.sameAs ?? reuse?.id ?? null,
    crossbars,
    denseCrossbars,
    weightSqnrDb: sqnrFromSums(signal, error),
    droppedCells,
    detection: cmp.detection,
    recognition: cmp.recognition,
    recognizer: cmp.recognizer,
    networks: finalNetworks,
    layers: finalLayers,
    images: out.images,
    wallMs: out.wallMs,
  };
}
