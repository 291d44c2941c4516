import { mapTile } from "./mapping.js";
import { isSqueezeMode, type TileParams } from "./params.js";
import type { QuantizedMatrix } from "./quantize.js";
import { popcount32, squeezeShifts } from "./squeeze.js";
import { extractTile, tileGrid } from "./tile.js";

/**
 * The codes a whole layer's tiles hold after mapping (design.md §2.3), in the layer's `fanIn x fanOut` order:
 * every `R x C` tile of the quantized matrix is mapped on its own, so each tile-sign group gets its own row
 * shifts. Lossless modes hold the quantized codes; the squeeze modes lose the bits their row shifts drop. A
 * budget layer mapped by its chosen depths is `budgetLayerCodes`; here `budget` takes one depth everywhere.
 */
export interface MappedLayerCodes {
  readonly rows: number;
  readonly cols: number;
  /** Signed codes the crossbars hold, row-major `rows x cols`. */
  readonly mappedCodes: Int32Array;
  /** 1-bits of the quantized codes no crossbar holds, over all tiles. */
  readonly droppedCells: number;
}

type MapParams = Pick<TileParams, "rows" | "cols" | "weightBits" | "mode" | "squeeze">;

/**
 * Mapped codes of a whole quantized layer, computed from each tile's row occupancy with the shift rule the
 * mapping itself uses (`squeezeShifts`), without building crossbar cells: fast enough to map every layer of a
 * network in a fraction of a second. `mapLayerCodesByTile` builds the same codes through `mapTile` tile by
 * tile; the tests check the two agree for every mode.
 */
export function mapLayerCodes(q: QuantizedMatrix, p: MapParams): MappedLayerCodes {
  const { rows, cols, codes } = q;
  // A budget tile without chosen depths takes depth min(D, N-1) in both signs (`mapTile`): squeeze-min's shifts.
  const depth = p.mode === "budget" ? Math.min(p.squeeze, p.weightBits - 1) : p.squeeze;
  if (!isSqueezeMode(p.mode) && !(p.mode === "budget" && depth > 0)) {
    // Remap places bit-rows at any shift but keeps every bit: only the squeeze modes and budget lose bits.
    return { rows, cols, mappedCodes: Int32Array.from(codes), droppedCells: 0 };
  }
  const mode = p.mode === "squeeze" ? "squeeze" : "squeeze-min";
  const R = p.rows;
  const C = p.cols;
  const { tileRows, tileCols } = tileGrid(rows, cols, R, C);
  const mapped = new Int32Array(codes);
  const occ: [Int32Array, Int32Array] = [new Int32Array(R), new Int32Array(R)];
  let droppedCells = 0;
  for (let tr = 0; tr < tileRows; tr++) {
    const i0 = tr * R;
    const i1 = Math.min(rows, i0 + R);
    for (let tc = 0; tc < tileCols; tc++) {
      const j0 = tc * C;
      const j1 = Math.min(cols, j0 + C);
      occ[0].fill(0);
      occ[1].fill(0);
      for (let i = i0; i < i1; i++) {
        let pos = 0;
        let neg = 0;
        for (let j = j0; j < j1; j++) {
          const c = codes[i * cols + j];
          if (c > 0) pos |= c;
          else if (c < 0) neg |= -c;
        }
        occ[0][i - i0] = pos;
        occ[1][i - i0] = neg;
      }
      for (let s = 0; s < 2; s++) {
        const shifts = squeezeShifts(mode, occ[s], p.weightBits, depth);
        for (let i = i0; i < i1; i++) {
          const sh = shifts[i - i0];
          if (sh === 0) continue;
          const lowMask = (1 << sh) - 1;
          for (let j = j0; j < j1; j++) {
            const k = i * cols + j;
            const c = mapped[k];
            if (s === 0 ? c <= 0 : c >= 0) continue;
            const m = c > 0 ? c : -c;
            const lost = m & lowMask;
            if (lost === 0) continue;
            droppedCells += popcount32(lost);
            mapped[k] = s === 0 ? m - lost : -(m - lost);
          }
        }
      }
    }
  }
  return { rows, cols, mappedCodes: mapped, droppedCells };
}

/** The same codes as {@link mapLayerCodes}, through `mapTile` on every tile (the mapping as the tiles get it). */
export function mapLayerCodesByTile(q: QuantizedMatrix, p: MapParams): MappedLayerCodes & { readonly crossbars: number } {
  const { tileRows, tileCols } = tileGrid(q.rows, q.cols, p.rows, p.cols);
  const mappedCodes = new Int32Array(q.rows * q.cols);
  let droppedCells = 0;
  let crossbars = 0;
  for (let tr = 0; tr < tileRows; tr++) {
    for (let tc = 0; tc < tileCols; tc++) {
      const plan = mapTile(extractTile(q, tr, tc, p.rows, p.cols), p);
      crossbars += plan.crossbars.length;
      droppedCells += plan.dropped.cells;
      const r0 = tr * p.rows;
      const c0 = tc * p.cols;
      const rEnd = Math.min(p.rows, q.rows - r0);
      const cEnd = Math.min(p.cols, q.cols - c0);
      for (let i = 0; i < rEnd; i++) {
        const src = i * p.cols;
        mappedCodes.set(plan.mappedCodes.subarray(src, src + cEnd), (r0 + i) * q.cols + c0);
      }
    }
  }
  return { rows: q.rows, cols: q.cols, mappedCodes, droppedCells, crossbars };
}

/**
 * The real-valued weights signed codes stand for, `code * delta[column]` computed in double precision and
 * stored as float32 in the layer's row-major order: what a float framework multiplies with to reproduce the
 * tiles' integer products scaled back to weights.
 */
export function dequantizeCodes(codes: Int32Array, delta: Float64Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) out[base + j] = codes[base + j] * delta[j];
  }
  return out;
}
