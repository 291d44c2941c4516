/**
 * How activations reach the tiles (`--activations`): `quantized` (default, as the hardware takes them: A-bit
 * unsigned integers with a per-layer scale) or `float` (only the weights change; isolates the mapping's effect).
 */
export { ACTIVATION_MODES, type ActivationMode } from "../params/modes.js";

/** What calibration learns about a layer's input over the float run of every image. */
export interface InputRange {
  /** Largest |x| seen. */
  maxAbs: number;
  /** Whether any input was negative: such a layer is fed as two passes (positive part, negative part). */
  signed: boolean;
}

export function emptyRange(): InputRange {
  return { maxAbs: 0, signed: false };
}

export function observeRange(range: InputRange, x: Float32Array): void {
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < x.length; k++) {
    const v = x[k]!;
    if (v > hi) hi = v;
    if (v < lo) lo = v;
  }
  range.maxAbs = Math.max(range.maxAbs, hi, -lo);
  range.signed ||= lo < 0;
}

export function mergeRanges(into: InputRange, other: InputRange): void {
  if (other.maxAbs > into.maxAbs) into.maxAbs = other.maxAbs;
  into.signed ||= other.signed;
}

/**
 * The activation quantizer of one layer: `code = min(2^A - 1, round(|x| / scale))` with
 * `scale = maxAbs / (2^A - 1)` from calibration, so the largest calibrated input maps to the top code and
 * nothing clips on the calibration images. An unsigned layer clamps negative inputs to 0; a signed layer
 * quantizes the positive part `max(x, 0)` and the negative part `max(-x, 0)` separately with the same scale
 * (two passes through the tiles, subtracted digitally).
 */
export interface ActivationQuantizer {
  readonly bits: number;
  readonly scale: number;
  readonly signed: boolean;
}

export function quantizerFor(range: InputRange, bits: number): ActivationQuantizer {
  const top = 2 ** bits - 1;
  return { bits, scale: range.maxAbs > 0 ? range.maxAbs / top : 0, signed: range.signed };
}

/** A-bit codes of one call's input, in the input tensor's element order: what the tiles are driven with. */
export interface ActivationCodes {
  readonly positive: Uint8Array | Uint16Array;
  /** The negative part's codes; null for an unsigned layer. */
  readonly negative: Uint8Array | Uint16Array | null;
}

/**
 * Quantizes `x` into `out` (the values the tiles' integer results stand for: `scale * (pos - neg)`) and, when
 * `keepCodes`, returns the integer codes too. Returns how many inputs clipped at the top code.
 */
export function quantizeActivations(
  x: Float32Array,
  q: ActivationQuantizer,
  out: Float32Array,
  keepCodes: boolean,
): { clipped: number; codes: ActivationCodes | null } {
  const top = 2 ** q.bits - 1;
  const scale = q.scale;
  if (scale === 0) {
    out.fill(0);
    return { clipped: 0, codes: keepCodes ? { positive: codeArray(q.bits, x.length), negative: q.signed ? codeArray(q.bits, x.length) : null } : null };
  }
  if (keepCodes) return quantizeKeepingCodes(x, q, out, top);
  // The hot loop of every quantized run: monomorphic, no allocation.
  let clipped = 0;
  const signed = q.signed;
  for (let k = 0; k < x.length; k++) {
    const v = x[k]!;
    const m = v < 0 ? (signed ? -v : 0) : v;
    let c = Math.floor(m / scale + 0.5);
    if (c > top) {
      c = top;
      clipped++;
    }
    out[k] = v < 0 ? -c * scale : c * scale;
  }
  return { clipped, codes: null };
}

function codeArray(bits: number, n: number): Uint8Array | Uint16Array {
  return bits <= 8 ? new Uint8Array(n) : new Uint16Array(n);
}

function quantizeKeepingCodes(x: Float32Array, q: ActivationQuantizer, out: Float32Array, top: number): { clipped: number; codes: ActivationCodes } {
  const pos = codeArray(q.bits, x.length);
  const neg = q.signed ? codeArray(q.bits, x.length) : null;
  let clipped = 0;
  for (let k = 0; k < x.length; k++) {
    const v = x[k]!;
    const m = v < 0 ? (q.signed ? -v : 0) : v;
    let c = Math.floor(m / q.scale + 0.5);
    if (c > top) {
      c = top;
      clipped++;
    }
    if (v < 0) {
      out[k] = -c * q.scale;
      if (neg) neg[k] = c;
    } else {
      out[k] = c * q.scale;
      pos[k] = c;
    }
  }
  return { clipped, codes: { positive: pos, negative: neg } };
}
