/**
 * The A-bit input vectors of a whole layer, as its tiles consume them (the layout of the activation traces
 * `sme accuracy --save-activations` writes, docs/accuracy.md): im2col rows for conv and dense kernels, one
 * patch per output column and position for depthwise kernels. Inputs that can be negative come as two
 * unsigned parts with the same scale, streamed as two passes and subtracted digitally.
 */
import { readFile } from "node:fs/promises";
import type { KernelKind } from "../../params/index.js";
import { seededRandom, type WeightMatrix } from "../../sme/index.js";
import { UserError } from "../../util/errors.js";
import { decodeNpy, NpyFormatError, type NpyArray } from "../../util/npy.js";

/** Unsigned A-bit codes: bytes for A <= 8, 16-bit words above. */
export type Codes = Uint8Array | Uint16Array;

/**
 * How a layer's vectors are laid out. `rows`: `[count, fanIn]`, row v is one input vector of the kernel
 * matrix. `depthwise`: `[count, fanOut, fanIn]`, `[p, j, :]` is the patch column j multiplies at position p
 * (only column j of that vector's output belongs to the layer).
 */
export type InputLayout = "rows" | "depthwise";

export interface LayerInputs {
  readonly layout: InputLayout;
  /** Input vectors (rows layout) or output positions (depthwise layout). */
  readonly count: number;
  readonly fanIn: number;
  readonly fanOut: number;
  /** The positive part (all of an unsigned input), `count * fanIn` or `count * fanOut * fanIn` codes. */
  readonly positive: Codes;
  /** The negative part of a signed input (`max(-x, 0)`), same shape; null when the input is never negative. */
  readonly negative: Codes | null;
  /** The real value of code 1: the trace's scale; 1 for random and `.npy` inputs, whose values are the codes. */
  readonly scale: number;
  /** Where the vectors came from, for the report. */
  readonly source: string;
  /** Vectors the source holds before `--max-vectors` cut them. */
  readonly available: number;
}

/** The layout a kernel's inputs have: depthwise kernels see one patch per column. */
export function layoutOf(kind: KernelKind): InputLayout {
  return kind === "depthwise" ? "depthwise" : "rows";
}

/** Codes per input vector (rows) or per position (depthwise). */
export function codesPerVector(layout: InputLayout, fanIn: number, fanOut: number): number {
  return layout === "rows" ? fanIn : fanOut * fanIn;
}

export function codeArray(actBits: number, n: number): Codes {
  return actBits <= 8 ? new Uint8Array(n) : new Uint16Array(n);
}

/** The first `max` vectors (positions) of `inputs`, sharing its memory; all of them when `max` is null or larger. */
export function firstVectors(inputs: LayerInputs, max: number | null): LayerInputs {
  if (max === null || max >= inputs.count) return inputs;
  const n = max * codesPerVector(inputs.layout, inputs.fanIn, inputs.fanOut);
  return { ...inputs, count: max, positive: inputs.positive.subarray(0, n), negative: inputs.negative?.subarray(0, n) ?? null };
}

/**
 * `count` uniform A-bit input vectors for kernel `w` (positions of `fanOut` patches for a depthwise kernel),
 * from `seed` and the layer's position in the run, so each layer gets its own and a run repeats exactly.
 */
export function randomInputs(w: WeightMatrix, actBits: number, count: number, seed: number, layerIndex: number): LayerInputs {
  const layout = layoutOf(w.kind);
  const n = count * codesPerVector(layout, w.rows, w.cols);
  const codes = codeArray(actBits, n);
  const rand = seededRandom((seed ^ Math.imul(layerIndex + 1, 0x9e3779b1)) >>> 0);
  const levels = 2 ** actBits;
  for (let k = 0; k < n; k++) codes[k] = Math.floor(rand() * levels);
  return {
    layout,
    count,
    fanIn: w.rows,
    fanOut: w.cols,
    positive: codes,
    negative: null,
    scale: 1,
    source: `random, uniform ${actBits}-bit, seed ${seed}`,
    available: count,
  };
}

/**
 * Checks that decoded `.npy` or trace data holds A-bit codes in the layout kernel `w` needs and returns them
 * as codes. `what` names the file in messages. Float arrays are accepted when every value is a whole number in
 * range (NumPy writes float64 by default).
 */
export function codesFromArray(a: NpyArray, w: WeightMatrix, actBits: number, what: string): { codes: Codes; count: number } {
  const layout = layoutOf(w.kind);
  const want = layout === "rows" ? `[vectors, ${w.rows}]` : `[positions, ${w.cols}, ${w.rows}]`;
  const shapeOk = layout === "rows" ? a.shape.length === 2 && a.shape[1] === w.rows : a.shape.length === 3 && a.shape[1] === w.cols && a.shape[2] === w.rows;
  if (!shapeOk) {
    const rowHint =
      a.shape.length >= 2 && a.shape[a.shape.length - 1] !== w.rows ? ` (${a.shape[a.shape.length - 1]} values per vector, the kernel has ${w.rows} rows)` : "";
    throw new UserError(`${what} has shape [${a.shape.join(", ")}]${rowHint}; ${w.kind} kernel ${w.name} (${w.rows} x ${w.cols}) takes ${want}`);
  }
  const top = 2 ** actBits - 1;
  const codes = codeArray(actBits, a.data.length);
  for (let k = 0; k < a.data.length; k++) {
    const v = a.data[k];
    if (!(Number.isInteger(v) && v >= 0 && v <= top)) {
      throw new UserError(`${what} holds ${v} at element ${k}; inputs are unsigned ${actBits}-bit codes 0..${top} (A = ${actBits})`);
    }
    codes[k] = v;
  }
  return { codes, count: a.shape[0] };
}

/** Reads and decodes one `.npy`, with the file named in every message. */
export async function readNpyFile(file: string, what = file): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${what} ${code === "ENOENT" ? "does not exist" : `cannot be read (${code})`}`);
  }
  try {
    return decodeNpy(bytes);
  } catch (err) {
    if (err instanceof NpyFormatError) throw new UserError(`${what}: ${err.message}`);
    throw err;
  }
}

/** `--activations FILE.npy`: unsigned A-bit codes of one kernel's inputs, `[vectors, fanIn]` (depthwise `[positions, fanOut, fanIn]`). */
export async function npyInputs(file: string, w: WeightMatrix, actBits: number): Promise<LayerInputs> {
  const { codes, count } = codesFromArray(await readNpyFile(file, `--activations ${file}`), w, actBits, `--activations ${file}`);
  return { layout: layoutOf(w.kind), count, fanIn: w.rows, fanOut: w.cols, positive: codes, negative: null, scale: 1, source: file, available: count };
}
