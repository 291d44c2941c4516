import { UserError } from "../../util/errors.js";
import type { WeightMatrix } from "../matrix.js";

/** One decoded tensor of a model file. Floating-point tensors are Float32Array (as TF.js holds them). */
export interface LoadedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: "float32" | "int32" | "bool";
  readonly values: Float32Array | Int32Array | Uint8Array;
}

/** Every tensor of a model file and the weight matrices of design.md §2 derived from its kernels. */
export interface LoadedModel {
  /** The file that was loaded. */
  readonly source: string;
  readonly format: "tfjs-graph-model" | "tfjs-layers-model" | "tfjs-weights-manifest" | "npy";
  readonly tensors: readonly LoadedTensor[];
  /** Kernels as `fanIn x fanOut` matrices, in file order; all-zero kernels are skipped. */
  readonly layers: readonly WeightMatrix[];
}

/**
 * Flattens a kernel tensor to the matrix of design.md §2: `[in, out]` as it is, conv `[kh,kw,cin,cout]` as
 * `(kh*kw*cin) x cout`, depthwise `[kh,kw,c,mult]` as `(kh*kw) x (c*mult)`. All three keep the tensor's
 * row-major element order, so the data is shared, not copied.
 */
export function kernelToMatrix(name: string, shape: readonly number[], data: Float32Array, depthwise: boolean): WeightMatrix {
  if (shape.length === 2) return { name, rows: shape[0], cols: shape[1], data, shape, kind: "dense" };
  if (shape.length === 4) {
    const [kh, kw, c, o] = shape;
    if (depthwise) return { name, rows: kh * kw, cols: c * o, data, shape, kind: "depthwise" };
    return { name, rows: kh * kw * c, cols: o, data, shape, kind: "conv" };
  }
  throw new UserError(`tensor ${name}: a kernel must be 2-D or 4-D, this one has shape [${shape.join(", ")}]`);
}

export function isAllZero(data: ArrayLike<number>): boolean {
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) return false;
  return true;
}

/** Throws a UserError naming the file and tensor when a float tensor holds NaN or an infinity. */
export function checkFinite(file: string, name: string, data: Float32Array): void {
  for (let k = 0; k < data.length; k++) {
    if (!Number.isFinite(data[k])) {
      throw new UserError(`${file}: tensor ${name} holds ${data[k]} at element ${k}; weights must be finite numbers`);
    }
  }
}

export function elementCount(file: string, name: string, shape: unknown): number {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new UserError(`${file}: tensor ${name} has an invalid shape ${JSON.stringify(shape)}; expected a list of whole numbers`);
  }
  return shape.reduce((a: number, b: number) => a * b, 1);
}
