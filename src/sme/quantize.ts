import type { WeightMatrix } from "./matrix.js";
import type { ScaleMode } from "./params.js";

/** Largest code of `Q(N,S)`: `(2^S - 1) * 2^(N-S)`. */
export function qmax(weightBits: number, window: number): number {
  return (2 ** window - 1) * 2 ** (weightBits - window);
}

/** True when `q` is in the SME code set `Q(N,S)`: its set bits fit inside S consecutive bit positions. */
export function isInCodeSet(q: number, weightBits: number, window: number): boolean {
  if (!Number.isInteger(q) || q < 0 || q >= 2 ** weightBits) return false;
  if (q === 0) return true;
  let v = q;
  while ((v & 1) === 0) v >>>= 1;
  return v < 2 ** window;
}

/** floor(log2 x) for x >= 1, exact even where Math.log2 rounds. */
function floorLog2(x: number): number {
  let p = Math.floor(Math.log2(x));
  while (2 ** (p + 1) <= x) p++;
  while (2 ** p > x) p--;
  return p;
}

/**
 * The rounding rule of design.md §2.1 on `x = |w| / delta`: round to the nearest code of `Q(N,S)`, ties away
 * from zero, clamped at `qmax`.
 */
export function quantizeMagnitude(x: number, weightBits: number, window: number): number {
  const top = qmax(weightBits, window);
  if (!(x > 0)) return 0;
  if (x < 2 ** window) return Math.min(Math.floor(x + 0.5), top);
  const p = floorLog2(x);
  let e = p - window + 1;
  let m = Math.floor(x / 2 ** e + 0.5);
  if (m === 2 ** window) {
    m = 2 ** (window - 1);
    e += 1;
  }
  return Math.min(m * 2 ** e, top);
}

/**
 * A fast equivalent of `quantizeMagnitude` for one (N, S): binary search over the sorted codes of Q(N,S) and
 * the midpoints between neighbours (a value exactly on a midpoint goes to the larger code: ties away from
 * zero). Tests check it against `quantizeMagnitude`, which states the rule.
 */
export function magnitudeQuantizer(weightBits: number, window: number): (x: number) => number {
  const set = new Set<number>();
  for (let e = 0; e <= weightBits - window; e++) for (let m = 0; m < 2 ** window; m++) set.add(m * 2 ** e);
  const codes = Float64Array.from([...set].sort((a, b) => a - b));
  // mids[k] is the midpoint between codes[k] and codes[k+1]: x >= mids[k] rounds to codes[k+1] or above.
  const mids = Float64Array.from({ length: codes.length - 1 }, (_, k) => (codes[k] + codes[k + 1]) / 2);
  return (x: number): number => {
    if (!(x > 0)) return 0;
    let lo = 0;
    let hi = mids.length;
    // Find the number of midpoints <= x.
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (mids[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return codes[lo];
  };
}

/** A quantized layer: signed codes `s * q` row-major, and the scale of each column. */
export interface QuantizedMatrix {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  /** `s * q` for every weight, row-major; `|code| < 2^N`. */
  readonly codes: Int32Array;
  /** `delta` of each column (all equal unless the scale is per channel); 0 for an all-zero column. */
  readonly delta: Float64Array;
  readonly weightBits: number;
  readonly window: number;
}

export interface QuantizeOptions {
  readonly weightBits: number;
  readonly window: number;
  readonly scale: ScaleMode;
}

/** `delta` for a maximum magnitude: `max / qmax`, or the next power of two for `pow2`. */
export function scaleFor(maxAbs: number, weightBits: number, window: number, pow2: boolean): number {
  if (!(maxAbs > 0)) return 0;
  const d = maxAbs / qmax(weightBits, window);
  return pow2 ? 2 ** Math.ceil(Math.log2(d)) : d;
}

/** Quantizes a weight matrix with the scale mode of design.md §2.1 (per layer, per output channel, or power of two). */
export function quantizeMatrix(w: WeightMatrix, opts: QuantizeOptions): QuantizedMatrix {
  const { rows, cols, data } = w;
  const { weightBits, window } = opts;
  const delta = new Float64Array(cols);
  if (opts.scale === "channel") {
    const colMax = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const base = i * cols;
      for (let j = 0; j < cols; j++) {
        const a = Math.abs(data[base + j]);
        if (a > colMax[j]) colMax[j] = a;
      }
    }
    for (let j = 0; j < cols; j++) delta[j] = scaleFor(colMax[j], weightBits, window, false);
  } else {
    let max = 0;
    for (let k = 0; k < data.length; k++) {
      const a = Math.abs(data[k]);
      if (a > max) max = a;
    }
    delta.fill(scaleFor(max, weightBits, window, opts.scale === "pow2"));
  }
  const codes = new Int32Array(rows * cols);
  const quantize = magnitudeQuantizer(weightBits, window);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j];
      const d = delta[j];
      if (v === 0 || d === 0) continue;
      const q = quantize(Math.abs(v) / d);
      codes[base + j] = v < 0 ? -q : q;
    }
  }
  return { name: w.name, rows, cols, codes, delta, weightBits, window };
}

/** Weight SQNR in dB, `10 log10(sum w^2 / sum (w - code*delta)^2)`; Infinity when there is no error. */
export function sqnrDb(w: WeightMatrix, codes: Int32Array, delta: Float64Array): number {
  const { rows, cols, data } = w;
  let sig = 0;
  let err = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j];
      const e = v - codes[base + j] * delta[j];
      sig += v * v;
      err += e * e;
    }
  }
  return sqnrFromSums(sig, err);
}

export function sqnrFromSums(signal: number, error: number): number {
  if (error === 0) return Number.POSITIVE_INFINITY;
  return 10 * Math.log10(signal / error);
}
