import type * as TF from "@tensorflow/tfjs";
import { emptyRange, observeRange, quantizeActivations, type ActivationCodes, type ActivationQuantizer, type InputRange } from "./activations.js";
import { allocate, view } from "./backend-io.js";
import { im2colConv, im2colDepthwise, matmulRows, type ConvGeometry } from "./im2col.js";
import type { TapCall, TapHandler, TappedKernel } from "./kernel-taps.js";

export type LayerKind = "conv" | "depthwise" | "dense";

const KIND: Readonly<Record<TappedKernel, LayerKind>> = { Conv2D: "conv", DepthwiseConv2dNative: "depthwise", BatchMatMul: "dense" };

/** What one layer saw during a run (summed over every call: images, faces). */
export interface LayerRecord {
  kind: LayerKind;
  calls: number;
  /** Tile input vectors (im2col rows; depthwise: one per output position and column), before the sign split. */
  vectors: number;
  /** Vectors of the first call: one inference's worth for a network that runs once per image or face. */
  vectorsPerCall: number;
  inputValues: number;
  /** Inputs above the calibrated range, clipped at the top code. */
  clipped: number;
  range: InputRange;
  /** `sum y_float^2` and `sum (y_float - y)^2` of the layer's outputs, when measured. */
  signal: number;
  error: number;
  /** The layer had no calibrated scale (it never ran in the float run) and kept float inputs. */
  uncalibrated: boolean;
}

/** Receives the A-bit vectors of each call (for `--save-activations`). */
export interface TraceSink {
  record(layer: string, kind: LayerKind, part: "positive" | "negative", data: Uint8Array | Uint16Array, shape: readonly number[]): void;
}

/** Milliseconds a run spent in the tapped kernels, by what the time went to. */
export interface ProbeTiming {
  /** Reading inputs to record their range (the float run). */
  calibrateMs: number;
  /** Quantizing inputs to A bits. */
  quantizeMs: number;
  /** The layers' own multiplications (what an untapped network spends in them too). */
  kernelMs: number;
  /** The float-kernel multiplication and comparison behind each layer's output SQNR. */
  referenceMs: number;
  /** Building im2col vectors and writing trace files. */
  traceMs: number;
}

export function emptyTiming(): ProbeTiming {
  return { calibrateMs: 0, quantizeMs: 0, kernelMs: 0, referenceMs: 0, traceMs: 0 };
}

export interface ProbeSetup {
  readonly tf: typeof TF;
  /** Record each layer's input range (the float run, which calibrates the activation scales). */
  readonly calibrate: boolean;
  /** Per-layer activation quantizers; null keeps float activations. */
  readonly quantizers: ReadonlyMap<string, ActivationQuantizer> | null;
  /** Float kernels to measure each layer's output SQNR against; null when the run uses the float kernels. */
  readonly floatWeights: ReadonlyMap<string, TF.Tensor> | null;
  readonly trace: TraceSink | null;
}

/**
 * The tap handler of a run: watches the inputs of every mapped layer (their range, for calibration), feeds
 * the layer quantized activations when asked, counts the tile input vectors, measures the layer's output
 * against the float kernel on the same input, and hands the A-bit vectors to a trace sink.
 */
export class LayerProbe {
  readonly records = new Map<string, LayerRecord>();
  readonly timing = emptyTiming();
  readonly handler: TapHandler;

  constructor(private readonly setup: ProbeSetup) {
    this.handler = (call) => this.handle(call);
  }

  private record(call: TapCall): LayerRecord {
    let r = this.records.get(call.layer);
    if (!r) {
      r = {
        kind: KIND[call.kernel],
        calls: 0,
        vectors: 0,
        vectorsPerCall: 0,
        inputValues: 0,
        clipped: 0,
        range: emptyRange(),
        signal: 0,
        error: 0,
        uncalibrated: false,
      };
      this.records.set(call.layer, r);
    }
    return r;
  }

  private handle(call: TapCall): TF.TensorInfo {
    const { backend } = call;
    const r = this.record(call);
    let input = call.input;
    const quantizer = this.setup.quantizers?.get(call.layer);
    if (this.setup.quantizers && !quantizer) r.uncalibrated = true;
    const t = this.timing;
    let t0 = performance.now();
    if (this.setup.calibrate) {
      observeRange(r.range, view(backend, call.input));
      t.calibrateMs += performance.now() - t0;
    }
    if (quantizer) {
      t0 = performance.now();
      input = allocate(backend, call.input.shape);
      // Views after the allocation: it may move the backend's memory.
      const x = view(backend, call.input);
      const { clipped, codes } = quantizeActivations(x, quantizer, view(backend, input), this.setup.trace !== null);
      r.clipped += clipped;
      r.inputValues += x.length;
      t.quantizeMs += performance.now() - t0;
      if (codes) {
        t0 = performance.now();
        this.trace(call, codes);
        t.traceMs += performance.now() - t0;
      }
    }
    t0 = performance.now();
    const y = call.run(input);
    t.kernelMs += performance.now() - t0;
    const vectors = vectorCount(r.kind, y.shape);
    if (r.calls === 0) r.vectorsPerCall = vectors;
    r.calls++;
    r.vectors += vectors;
    const ref = this.setup.floatWeights?.get(call.layer);
    if (ref) {
      t0 = performance.now();
      const yf = call.run(call.input, { dataId: ref.dataId, shape: call.weights.shape, dtype: "float32" });
      const a = view(backend, yf);
      const b = view(backend, y);
      let s = 0;
      let e = 0;
      for (let k = 0; k < a.length; k++) {
        const d = a[k]! - b[k]!;
        s += a[k]! * a[k]!;
        e += d * d;
      }
      r.signal += s;
      r.error += e;
      backend.disposeData(yf.dataId, true);
      t.referenceMs += performance.now() - t0;
    }
    if (input !== call.input) backend.disposeData(input.dataId, true);
    return y;
  }

  private trace(call: TapCall, codes: ActivationCodes): void {
    const sink = this.setup.trace!;
    const kind = KIND[call.kernel];
    const parts: Array<["positive" | "negative", Uint8Array | Uint16Array]> = [["positive", codes.positive]];
    if (codes.negative) parts.push(["negative", codes.negative]);
    for (const [part, data] of parts) {
      const rows = this.vectorsOf(call, kind, data);
      sink.record(call.layer, kind, part, rows.data, rows.shape);
    }
  }

  private vectorsOf(call: TapCall, kind: LayerKind, data: Uint8Array | Uint16Array): { data: Uint8Array | Uint16Array; shape: readonly number[] } {
    if (kind === "dense") return matmulRows(data, call.input.shape, call.attrs.transposeA === true);
    const g = convGeometry(this.setup.tf, call, kind === "depthwise");
    if (kind === "conv") return im2colConv(data, g);
    return im2colDepthwise(data, g, call.weights.shape[3]!);
  }
}

/** Tile input vectors of one call, from the output shape (NHWC conv, `[batch, M, N]` matmul). */
function vectorCount(kind: LayerKind, outShape: readonly number[]): number {
  const n = outShape.reduce((a, b) => a * b, 1);
  if (kind === "depthwise") return n; // one vector per output position and column
  return n / outShape[outShape.length - 1]!;
}

/** The convolution geometry TF.js itself uses for this call. */
function convGeometry(tf: typeof TF, call: TapCall, depthwise: boolean): ConvGeometry {
  const a = call.attrs as {
    strides: number | [number, number];
    pad: "same" | "valid" | number;
    dilations?: number | [number, number];
    dimRoundingMode?: "floor" | "round" | "ceil";
    dataFormat?: string;
  };
  if (a.dataFormat !== undefined && a.dataFormat !== "NHWC") throw new Error(`layer ${call.layer}: only NHWC convolutions are traced, got ${a.dataFormat}`);
  const info = tf.backend_util.computeConv2DInfo(
    call.input.shape as [number, number, number, number],
    call.weights.shape as [number, number, number, number],
    a.strides,
    a.dilations ?? 1,
    a.pad,
    a.dimRoundingMode,
    depthwise,
    "channelsLast",
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}
