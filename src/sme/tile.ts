import { UserError } from "../util/errors.js";
import type { QuantizedMatrix } from "./quantize.js";

/**
 * The signed codes of one `R x C` tile of a quantized layer (design.md §2.2), zero-padded at the matrix edges.
 * Row i of the tile is matrix row `tileRow * R + i`, column j is matrix column `tileCol * C + j`.
 */
export interface TileCodes {
  readonly rows: number;
  readonly cols: number;
  readonly weightBits: number;
  /** `s * q`, row-major `codes[i * cols + j]`, `|code| < 2^weightBits`. */
  readonly codes: Int32Array;
}

/** Number of tiles along the rows and the columns of a `rows x cols` matrix. */
export function tileGrid(rows: number, cols: number, R: number, C: number): { tileRows: number; tileCols: number } {
  return { tileRows: Math.ceil(rows / R), tileCols: Math.ceil(cols / C) };
}

/** Cuts tile `(tileRow, tileCol)` of size `R x C` out of a quantized matrix, zero-padding past the edges. */
export function extractTile(q: QuantizedMatrix, tileRow: number, tileCol: number, R: number, C: number): TileCodes {
  const { tileRows, tileCols } = tileGrid(q.rows, q.cols, R, C);
  if (!Number.isInteger(tileRow) || !Number.isInteger(tileCol) || tileRow < 0 || tileCol < 0 || tileRow >= tileRows || tileCol >= tileCols) {
    throw new UserError(
      `tile (${tileRow},${tileCol}) does not exist in layer ${q.name}: a ${q.rows}x${q.cols} matrix has ${tileRows}x${tileCols} tiles of ${R}x${C}; pick ROW in 0..${tileRows - 1} and COL in 0..${tileCols - 1}`,
    );
  }
  const codes = new Int32Array(R * C);
  const r0 = tileRow * R;
  const c0 = tileCol * C;
  const rEnd = Math.min(R, q.rows - r0);
  const cEnd = Math.min(C, q.cols - c0);
  for (let i = 0; i < rEnd; i++) {
    const src = (r0 + i) * q.cols + c0;
    codes.set(q.codes.subarray(src, src + cEnd), i * C);
  }
  return { rows: R, cols: C, weightBits: q.weightBits, codes };
}

/** Builds a tile straight from signed codes (tests, synthetic designs). */
export function tileFromCodes(rows: number, cols: number, weightBits: number, codes: ArrayLike<number>): TileCodes {
  if (codes.length !== rows * cols) throw new UserError(`tile codes: expected ${rows * cols} codes for ${rows}x${cols}, got ${codes.length}`);
  const out = Int32Array.from(codes);
  const lim = 2 ** weightBits;
  for (let k = 0; k < out.length; k++) {
    if (!(Math.abs(out[k]) < lim)) throw new UserError(`tile codes: code ${out[k]} at index ${k} does not fit ${weightBits} magnitude bits`);
  }
  return { rows, cols, weightBits, codes: out };
}

/**
 * Per sign, the OR of the magnitudes of that sign's codes across each row: bit k of `rowOr[i]` says bit-row
 * `(i, k)` is non-empty (design.md §2.2). Index 0 is the positive sign, 1 the negative sign.
 */
export function rowOccupancy(tile: TileCodes): [Int32Array, Int32Array] {
  const { rows, cols, codes } = tile;
  const pos = new Int32Array(rows);
  const neg = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let p = 0;
    let n = 0;
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const c = codes[base + j];
      if (c > 0) p |= c;
      else if (c < 0) n |= -c;
    }
    pos[i] = p;
    neg[i] = n;
  }
  return [pos, neg];
}
