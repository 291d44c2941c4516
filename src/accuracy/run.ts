import type { ComponentTable } from "../cost/table.js";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import type { BudgetParams } from "../sme/budget/options.js";
import type { MappingMode, ScaleMode, TileParams } from "../sme/params.js";
import type { ActivationMode, ActivationQuantizer, InputRange } from "./activations.js";
import type { BackendName } from "./backend.js";
import { accuracyConfigs, type RunConfig } from "./configs.js";
import type { LayerKind } from "./layer-probe.js";
import type { DetectionMetrics, RecognitionMetrics, RecognizerMetrics } from "./metrics.js";
import type { NetworkKey } from "./networks.js";
import type { ImageResult } from "./pipeline.js";
import { AccuracySession, emptyMergedOutput, imageName, split, WeightPreparer, type EngineTimeSplit, type MergedOutput } from "./session.js";
import { describeRun, summarize } from "./summarize.js";
import { TRACE_FORMAT, writeTraceManifest, type TraceFile } from "./traces.js";
import { UserError } from "../util/errors.js";

export type { EngineTimeSplit } from "./session.js";

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
  readonly calibration: ReadonlyArray<{
    readonly network: NetworkKey;
    readonly layer: string;
    readonly maxAbs: number;
    readonly signed: boolean;
    readonly scale: number | null;
  }>;
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

/**
 * Runs face-api on the photos with each configuration and measures what changes against the float network:
 * the float run first (it also calibrates the activation scales), then every reference and mapping.
 */
export async function runAccuracy(opts: AccuracyOptions): Promise<AccuracyResult> {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const say = opts.progress ?? (() => {});
  const configs = accuracyConfigs(opts.base, opts.scale, opts.modes, opts.squeezes, opts.budgets);
  const mappings = configs.filter((c) => c.role === "mapping").length;
  if (opts.traceDir !== null && mappings !== 1) {
    throw new UserError(
      `activation traces record one mapping, this run has ${mappings}: choose one --mode (and one --squeeze for the squeeze modes, one --target-sqnr for budget)`,
    );
  }
  const session = await AccuracySession.open({
    backend: opts.backend,
    images: opts.images,
    modelsDir: opts.modelsDir,
    mapAll: opts.mapAll,
    jobs: opts.jobs,
    ...(opts.detection ? { detection: opts.detection } : {}),
  });
  let weightsMs = 0;
  try {
    const { floatRun, mapped, models } = session;
    const floatFaces = floatRun.images.reduce((s, r) => s + r.faces.length, 0);
    say(`float run: ${opts.images.length} photo(s), ${floatFaces} face(s), ${(floatRun.wallMs / 1000).toFixed(1)} s`);
    const ranges = session.ranges;
    const floatCrops = session.floatCrops;
    const quantizers = session.quantizers(opts.activations, opts.base.actBits);
    const preparer = new WeightPreparer(models, mapped);
    const seen = new Map<string, string>();
    const results: ConfigResult[] = [];
    let traces: AccuracyResult["traces"] = null;
    // Weights of the next configuration are prepared while the engines run the current one.
    let running: Promise<void> = Promise.resolve();
    for (const cfg of configs) {
      const t0 = performance.now();
      const { weights, hash, costs } = preparer.prepare(cfg, opts.scale);
      weightsMs += performance.now() - t0;
      await running;
      const twin = opts.dedupe === false ? undefined : seen.get(hash);
      if (!twin) seen.set(hash, cfg.id);
      const traceDir = opts.traceDir !== null && cfg.role === "mapping" ? opts.traceDir : null;
      const reuse = twin ? results.find((r) => r.id === twin)! : null;
      const floatAgain = cfg.variant.kind === "float" && opts.activations === "float";
      const pending: Promise<MergedOutput> =
        reuse || floatAgain
          ? Promise.resolve(floatAgain ? { ...floatRun, wallMs: 0, engineMs: 0 } : { ...emptyMergedOutput(), images: [...reuse!.images] })
          : session.run({
              kernels: Object.fromEntries([...weights].map(([k, w]) => [k, w.values])),
              quantizers,
              traceDir,
              floatCrops,
              layerSqnr: opts.layerSqnr !== false,
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
        jobs: session.engines,
        cost: opts.cost.name,
        detection: session.detection,
      },
      images: session.imageNames,
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
        startS: session.startMs / 1000,
        floatRunS: floatRun.wallMs / 1000,
        weightsS: weightsMs / 1000,
        engines: split([floatRun, ...session.runs]),
      },
    };
  } finally {
    await session.close();
  }
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

function tileSettings(p: TileParams): Omit<TileParams, "mode" | "squeeze"> {
  const { mode: _mode, squeeze: _squeeze, ...rest } = p;
  return rest;
}
