import type { DetectionMetrics, RecognitionMetrics, RecognizerMetrics } from "../accuracy/metrics.js";
import type { SweepPoint } from "./params.js";

/** The figures reported per layer and, summed or combined, per point. */
export interface MappingFigures {
  readonly physicalCrossbars: number;
  /** Crossbars of the INT-N dense mapping of the same tiles (the baseline of the ratio). */
  readonly denseCrossbars: number;
  readonly cells: number;
  /** Weight SQNR in dB of the quantized and of the mapped weights (squeeze modes drop bits). */
  readonly sqnrQuantDb: number;
  readonly sqnrMappedDb: number;
  readonly inputCycles: number;
  readonly rowMapBits: number;
  readonly areaMm2: number;
  readonly energyNj: number;
  readonly latencyNs: number;
}

/** Metrics of one layer at one sweep point. */
export interface LayerResult extends MappingFigures {
  readonly name: string;
  readonly fanIn: number;
  readonly fanOut: number;
}

/** Whole-model figures of one point: sums over layers, SQNR over all weights, the longest input cycle count. */
export interface PointTotals extends MappingFigures {
  /** physicalCrossbars / denseCrossbars. */
  readonly ratioToDense: number;
}

/** Area (mm²) and energy per VMM pass (nJ) per component of the cost table, summed over layers. */
export interface CostBreakdown {
  readonly areaMm2: Readonly<Record<string, number>>;
  readonly energyNj: Readonly<Record<string, number>>;
}

/** RTL measurements of a point's tile (`--rtl`): either figures or the reason there are none. */
export interface RtlResult {
  readonly yosysCells?: number;
  readonly vectorsPerSecond?: number;
  readonly error?: string;
}

/**
 * What the point's mapping changes in face-api's answers on photos (`--accuracy`), against the float networks:
 * the figures of `sme accuracy` for one mapping (docs/accuracy.md defines them).
 */
export interface PointAccuracy {
  readonly photos: number;
  readonly backend: string;
  readonly activations: string;
  /** The face-api networks mapped under the point's configuration (the others keep their float weights). */
  readonly mapped: readonly string[];
  /** Physical and INT-N dense crossbars of the mapped networks. */
  readonly crossbars: number | null;
  readonly denseCrossbars: number | null;
  /** Weight SQNR over every mapped kernel (null: no error at all). */
  readonly weightSqnrDb: number | null;
  readonly droppedCells: number;
  readonly detection: DetectionMetrics;
  /** The whole pipeline, each face as the mapped networks detect, align and embed it. */
  readonly recognition: RecognitionMetrics;
  /** The mapped recognizer alone, on the float run's face crops. */
  readonly recognizer: RecognizerMetrics | null;
  /** Per mapped network: weight SQNR, crossbars, and the VMM passes, energy (nJ) and latency (ns) of one inference. */
  readonly networks: Readonly<Record<string, {
    readonly weightSqnrDb: number | null;
    readonly crossbars: number | null;
    readonly passes: number | null;
    readonly energyNj: number | null;
    readonly latencyNs: number | null;
  }>>;
}

/** One line of a results file. */
export interface PointResult {
  /** Identity for resume and merge: model id, layer, cost table and point. */
  readonly key: string;
  /** File name and short content hash of the weights, e.g. `face_recognition_model-weights_manifest.json#1a2b3c4d`. */
  readonly model: string;
  readonly layer: string | null;
  readonly cost: string;
  readonly point: SweepPoint;
  /** The ADC resolution actually used. */
  readonly adcBits: number;
  readonly totals: PointTotals;
  /** Where the estimated area and energy go (absent in results written before it existed). */
  readonly costBreakdown?: CostBreakdown;
  readonly layers: readonly LayerResult[];
  readonly rtl?: RtlResult;
  /** With `--accuracy`. */
  readonly accuracy?: PointAccuracy;
  readonly elapsedMs: number;
}
