import type { WeightMatrix } from "../matrix.js";
import type { QuantizedMatrix } from "../quantize.js";
import { topBit } from "../squeeze.js";

/**
 * An order of a kernel's input rows that groups rows of similar significance into the same tiles: by the
 * top set bit of the row's code magnitudes (across all columns and both signs) descending, then by the row's
 * weight energy descending, then by index. Rows whose high bits are set then share tiles, so one squeeze
 * depth fits a whole group better. Permuting rows is free in hardware: the activation vector is read in the
 * same order. Entry n is the kernel row that becomes row n of the permuted matrix.
 */
export function significanceRowOrder(w: WeightMatrix, q: QuantizedMatrix): Int32Array {
  const top = new Int8Array(w.rows);
  const energy = new Float64Array(w.rows);
  for (let i = 0; i < w.rows; i++) {
    let or = 0;
    let e = 0;
    for (let j = i * w.cols; j < (i + 1) * w.cols; j++) {
      const c = q.codes[j];
      or |= c < 0 ? -c : c;
      e += w.data[j] * w.data[j];
    }
    top[i] = topBit(or);
    energy[i] = e;
  }
  return Int32Array.from({ length: w.rows }, (_, i) => i).sort((a, b) => top[b] - top[a] || energy[b] - energy[a] || a - b);
}

/** The matrix with row n taken from row `order[n]` (quantization per layer or per column commutes with it). */
export function permuteMatrixRows(w: WeightMatrix, order: ArrayLike<number>): WeightMatrix {
  const data = w.data instanceof Float32Array ? new Float32Array(w.data.length) : new Float64Array(w.data.length);
  for (let n = 0; n < w.rows; n++) data.set(w.data.subarray(order[n] * w.cols, (order[n] + 1) * w.cols), n * w.cols);
  return { ...w, data };
}

export function permuteQuantizedRows(q: QuantizedMatrix, order: ArrayLike<number>): QuantizedMatrix {
  const codes = new Int32Array(q.codes.length);
  for (let n = 0; n < q.rows; n++) codes.set(q.codes.subarray(order[n] * q.cols, (order[n] + 1) * q.cols), n * q.cols);
  return { ...q, codes };
}
