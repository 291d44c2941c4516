import { budgetLayerCodes, type BudgetAnalysis } from "../sme/budget/analyze.js";
import type { BudgetParams } from "../sme/budget/options.js";
import { dequantizeCodes, mapLayerCodes } from "../sme/layer-mapping.js";
import type { LoadedModel } from "../sme/loaders/tensor.js";
import type { WeightMatrix } from "../sme/matrix.js";
import type { ScaleMode, TileParams } from "../sme/params.js";
import { quantizeMatrix, sqnrFromSums, type QuantizedMatrix } from "../sme/quantize.js";

/**
 * What a network computes with, kernel by kernel (design.md §2): the weights as shipped, plain quantization
 * (INT-N: window S = N, no mapping), SME quantization (window S, lossless mapping), or the codes a mapping mode
 * leaves in the tiles.
 */
export type WeightVariant =
  | { readonly kind: "float" }
  | { readonly kind: "quantized"; readonly weightBits: number; readonly window: number; readonly scale: ScaleMode }
  | { readonly kind: "mapped"; readonly params: TileParams; readonly scale: ScaleMode; readonly budget?: BudgetParams };

/** Replacement values of a network's mapped kernels (by tensor name) and what the replacement costs in SQNR. */
export interface KernelWeights {
  /** Float32 kernel values in the tensor's own element order (the matrix order of `kernelToMatrix`). */
  readonly values: ReadonlyMap<string, Float32Array>;
  /** Weight SQNR per kernel and over all of them (`sum w^2 / sum err^2`), dB; Infinity for the float weights. */
  readonly sqnrDb: ReadonlyMap<string, number>;
  readonly totalSqnrDb: number;
  /** `sum w^2` and `sum (w - code*delta)^2` over every kernel, to combine networks. */
  readonly signal: number;
  readonly error: number;
  readonly droppedCells: number;
}

/**
 * Quantizes each kernel once per (N, S, scale) and reuses the codes for every mode and D of that quantization:
 * the modes differ only in the mapping step.
 */
export class QuantizationCache {
  private readonly cache = new Map<string, QuantizedMatrix>();

  quantize(w: WeightMatrix, weightBits: number, window: number, scale: ScaleMode): QuantizedMatrix {
    const key = `${w.name}|${weightBits}|${window}|${scale}`;
    let q = this.cache.get(key);
    if (!q) {
      q = quantizeMatrix(w, { weightBits, window, scale });
      this.cache.set(key, q);
    }
    return q;
  }
}

/**
 * The kernel values a variant gives each mapped kernel of a model: `code * delta` of the codes the tiles hold
 * (`mapLayerCodes`; in mode `budget` the codes of `budget`, the budget mapping of the same model at the
 * variant's target: `budgetLayerCodes`), exactly the weights the generated tiles compute with, scaled back to
 * real values.
 */
export function kernelWeights(model: Pick<LoadedModel, "layers">, variant: WeightVariant, cache: QuantizationCache, budget?: BudgetAnalysis): KernelWeights {
  if (variant.kind === "mapped" && variant.params.mode === "budget" && !budget)
    throw new Error("kernelWeights: a budget variant needs the budget mapping of the model");
  const values = new Map<string, Float32Array>();
  const sqnrDb = new Map<string, number>();
  let signal = 0;
  let error = 0;
  let droppedCells = 0;
  for (const w of model.layers) {
    if (variant.kind === "float") {
      values.set(w.name, Float32Array.from(w.data));
      sqnrDb.set(w.name, Number.POSITIVE_INFINITY);
      for (let k = 0; k < w.data.length; k++) signal += w.data[k]! * w.data[k]!;
      continue;
    }
    const p = variant.kind === "quantized" ? variant : variant.params;
    const q = cache.quantize(w, p.weightBits, p.window, variant.scale);
    let codes = q.codes;
    if (variant.kind === "mapped" && budget && variant.params.mode === "budget") {
      const layer = budget.layers.find((l) => l.name === w.name);
      if (!layer) throw new Error(`kernelWeights: the budget mapping has no layer ${w.name}`);
      codes = budgetLayerCodes(q, variant.params, layer);
      droppedCells += layer.metrics.droppedCells;
    } else if (variant.kind === "mapped") {
      const mapped = mapLayerCodes(q, variant.params);
      codes = mapped.mappedCodes;
      droppedCells += mapped.droppedCells;
    }
    const v = dequantizeCodes(codes, q.delta, w.rows, w.cols);
    let s = 0;
    let e = 0;
    for (let i = 0; i < w.rows; i++) {
      for (let j = 0; j < w.cols; j++) {
        const k = i * w.cols + j;
        const x = w.data[k]!;
        // The error against the double-precision product the golden model defines, not the float32 copy.
        const d = x - codes[k]! * q.delta[j]!;
        s += x * x;
        e += d * d;
      }
    }
    values.set(w.name, v);
    sqnrDb.set(w.name, sqnrFromSums(s, e));
    signal += s;
    error += e;
  }
  return { values, sqnrDb, totalSqnrDb: sqnrFromSums(signal, error), signal, error, droppedCells };
}
