import type { WeightMatrix } from "../matrix.js";
import type { TileParams } from "../params.js";
import type { QuantizedMatrix } from "../quantize.js";
import { popcount32, topBit } from "../squeeze.js";
import { tileGrid } from "../tile.js";

/**
 * What every squeeze-min depth D = 0..N-1 costs and loses in every (tile, sign) group of one layer: the
 * input of the budget optimiser. Group g = (tileIndex * 2 + sign), tileIndex = tileRow * tileCols + tileCol,
 * sign 0 positive, 1 negative; option o = D; entry `[g * N + D]`.
 */
export interface LayerBudgetTable {
  readonly name: string;
  readonly rows: number;
  readonly cols: number;
  readonly tileRows: number;
  readonly tileCols: number;
  /** Kernel row of each row of the tiled matrix when the rows were permuted (`significanceRowOrder`), else null. */
  readonly rowOrder: Int32Array | null;
  /** Options per group (N: the depths 0..N-1). */
  readonly options: number;
  /** Surviving non-empty bit-rows: crossbars are `ceil(bitRows / R)`. */
  readonly bitRows: Int32Array;
  /** `sum (w - mapped * delta)^2` over the group's non-zero codes. */
  readonly errorEnergy: Float64Array;
  /** 1-bits and non-empty bit-rows the shifts remove. */
  readonly droppedCells: Float64Array;
  readonly droppedBitRows: Int32Array;
  /** Surviving non-empty bit-rows per bit position k, entry `[(g * N + D) * N + k]` (sets the remap shifts). */
  readonly survivingPerBit: Int32Array;
  /** Per tile: `sum w^2`, and the error of its zero codes (no depth changes it). */
  readonly tileSignal: Float64Array;
  readonly tileFixedError: Float64Array;
  /** Over the layer: `sum w^2` and the quantization error `sum (w - code * delta)^2`. */
  readonly signalEnergy: number;
  readonly quantErrorEnergy: number;
}

/**
 * Builds the table from the occupancy of each row (OR of its magnitudes per tile and sign), which decides
 * each row's shift for every D, and one pass over the weights for the error energies.
 */
export function layerBudgetTable(w: WeightMatrix, q: QuantizedMatrix, p: Pick<TileParams, "rows" | "cols" | "weightBits">): LayerBudgetTable {
  const R = p.rows;
  const C = p.cols;
  const N = p.weightBits;
  const { tileRows, tileCols } = tileGrid(w.rows, w.cols, R, C);
  const groups = tileRows * tileCols * 2;
  const bitRows = new Int32Array(groups * N);
  const errorEnergy = new Float64Array(groups * N);
  const droppedCells = new Float64Array(groups * N);
  const droppedBitRows = new Int32Array(groups * N);
  const survivingPerBit = new Int32Array(groups * N * N);
  const tileSignal = new Float64Array(tileRows * tileCols);
  const tileFixedError = new Float64Array(tileRows * tileCols);
  const colTile = Int32Array.from({ length: w.cols }, (_, j) => Math.floor(j / C));
  // Per band of R rows: occupancy and top bit of every (tile column, sign, row), index (tc * 2 + s) * R + li.
  const occ = new Int32Array(tileCols * 2 * R);
  const top = new Int8Array(tileCols * 2 * R);
  let signal = 0;
  let quantErr = 0;

  for (let tr = 0; tr < tileRows; tr++) {
    const i0 = tr * R;
    const i1 = Math.min(w.rows, i0 + R);
    occ.fill(0);
    for (let i = i0; i < i1; i++) {
      const li = i - i0;
      const base = i * w.cols;
      for (let j = 0; j < w.cols; j++) {
        const c = q.codes[base + j];
        if (c > 0) occ[colTile[j] * 2 * R + li] |= c;
        else if (c < 0) occ[(colTile[j] * 2 + 1) * R + li] |= -c;
      }
    }
    for (let tc = 0; tc < tileCols; tc++) {
      for (let s = 0; s < 2; s++) {
        const g = (tr * tileCols + tc) * 2 + s;
        for (let li = 0; li < R; li++) {
          const at = (tc * 2 + s) * R + li;
          const v = occ[at];
          const t = topBit(v);
          top[at] = t;
          if (v === 0) continue;
          // Squeeze-min with D keeps the bits at and above max(0, t - (N-1-D)).
          for (let D = 0; D < N; D++) {
            const sh = Math.max(0, t - (N - 1 - D));
            const o = g * N + D;
            bitRows[o] += popcount32(v >>> sh);
            droppedBitRows[o] += popcount32(v & ((1 << sh) - 1));
            for (let k = sh; k <= t; k++) if ((v >>> k) & 1) survivingPerBit[o * N + k]++;
          }
        }
      }
    }
    for (let i = i0; i < i1; i++) {
      const li = i - i0;
      const base = i * w.cols;
      for (let j = 0; j < w.cols; j++) {
        const v = w.data[base + j];
        const c = q.codes[base + j];
        const d = q.delta[j];
        const tile = tr * tileCols + colTile[j];
        const e0 = v - c * d;
        signal += v * v;
        quantErr += e0 * e0;
        tileSignal[tile] += v * v;
        if (c === 0) {
          tileFixedError[tile] += e0 * e0;
          continue;
        }
        const s = c > 0 ? 0 : 1;
        const m = c > 0 ? c : -c;
        const o = (tile * 2 + s) * N;
        // With depth D the row keeps its bits >= D - keepAll (keepAll = N-1-top): bit b of m is lost from
        // D = keepAll + b + 1 on. Record the error's change at each such D; prefix sums give every depth.
        const keepAll = N - 1 - top[(colTile[j] * 2 + s) * R + li];
        errorEnergy[o] += e0 * e0;
        let prev = e0 * e0;
        for (let rest = m; rest !== 0; rest &= rest - 1) {
          const b = 31 - Math.clz32(rest & -rest);
          const D = keepAll + b + 1;
          if (D > N - 1) break;
          const kept = m & ~((2 << b) - 1);
          const e = v - (c > 0 ? kept : -kept) * d;
          errorEnergy[o + D] += e * e - prev;
          droppedCells[o + D] += 1;
          prev = e * e;
        }
      }
    }
  }
  for (let g = 0; g < groups; g++) {
    for (let D = 1; D < N; D++) {
      errorEnergy[g * N + D] += errorEnergy[g * N + D - 1];
      droppedCells[g * N + D] += droppedCells[g * N + D - 1];
    }
  }
  return {
    name: w.name,
    rows: w.rows,
    cols: w.cols,
    tileRows,
    tileCols,
    rowOrder: null,
    options: N,
    bitRows,
    errorEnergy,
    droppedCells,
    droppedBitRows,
    survivingPerBit,
    tileSignal,
    tileFixedError,
    signalEnergy: signal,
    quantErrorEnergy: quantErr,
  };
}

/**
 * The largest shift of a remap packing of a group's surviving bit-rows (given per bit position): bit-rows
 * sorted by k descending fill crossbars R at a time, and a crossbar's shift is its first k minus its last k.
 */
export function packedMaxShift(perBit: ArrayLike<number>, R: number): number {
  const N = perBit.length;
  let total = 0;
  for (let k = 0; k < N; k++) total += perBit[k];
  const kAt = (pos: number): number => {
    let seen = 0;
    for (let k = N - 1; k >= 0; k--) {
      seen += perBit[k];
      if (pos < seen) return k;
    }
    return 0;
  };
  let max = 0;
  for (let m = 0; m * R < total; m++) max = Math.max(max, kAt(m * R) - kAt(Math.min(total, (m + 1) * R) - 1));
  return max;
}
