/**
 * A whole layer cut into the work one programmable tile does (design.md §2.2): tile `(tr, tc)` holds kernel
 * rows `tr*R ..` and columns `tc*C ..`, zero-padded past the kernel's edges, and sees rows `tr*R ..` of every
 * input vector, zero-padded the same way (a padded row drives no set cell, so it adds nothing).
 *
 * A tile's **sequence** of vectors is every pass (positive part, then the negative part of a signed input) of
 * every input vector in order. A depthwise kernel's column j only ever meets its own channel's patch, so its
 * tile streams, per pass and position, the patch of each of its columns in turn: `count * columns` vectors,
 * every output column of each checked against the golden tile model, but only column j of patch j's output
 * belongs to the layer.
 */
import { extractTile, tileGrid, type QuantizedMatrix } from "../../sme/index.js";
import { codeArray, type Codes, type LayerInputs } from "./inputs.js";

/** One simulator's share of one tile: program the tile's codes, stream vectors `first .. first + count` of its sequence. */
export interface TileUnit {
  /** Index of the layer in the run. */
  readonly layer: number;
  readonly tileRow: number;
  readonly tileCol: number;
  /** The tile's signed weight codes, `R x C` row-major, zero-padded past the kernel's edges. */
  readonly codes: Int32Array;
  /** The vectors, `R` codes each, zero-padded: `count * R`. */
  readonly vectors: Codes;
  readonly count: number;
  /** Position of the first vector in the tile's sequence. */
  readonly first: number;
}

/** Where a tile-sequence vector comes from: its pass (0 positive, 1 negative), the input vector or position, and (depthwise) the layer column it feeds. */
export interface SequenceItem {
  readonly pass: 0 | 1;
  readonly vector: number;
  /** Depthwise: the layer column whose patch this is (only that column of the output belongs to the layer). */
  readonly column: number | null;
}

export interface TileGeometry {
  readonly rows: number;
  readonly cols: number;
}

/** Vectors per pass of one tile: input vectors, or positions times the tile's columns for a depthwise kernel. */
export function perPass(inputs: LayerInputs, tile: TileGeometry, tileCol: number): number {
  return inputs.layout === "rows" ? inputs.count : inputs.count * columnsIn(inputs.fanOut, tile.cols, tileCol);
}

/** The length of a tile's sequence: every pass of every vector. */
export function sequenceLength(inputs: LayerInputs, tile: TileGeometry, tileCol: number): number {
  return (inputs.negative ? 2 : 1) * perPass(inputs, tile, tileCol);
}

/** Layer columns tile column `tileCol` holds (C, fewer at the edge). */
export function columnsIn(fanOut: number, C: number, tileCol: number): number {
  return Math.min(C, fanOut - tileCol * C);
}

/** What sequence position `s` of tile column `tileCol` is. */
export function sequenceItem(inputs: LayerInputs, tile: TileGeometry, tileCol: number, s: number): SequenceItem {
  const n = perPass(inputs, tile, tileCol);
  const pass = s >= n ? 1 : 0;
  const rest = s - pass * n;
  if (inputs.layout === "rows") return { pass, vector: rest, column: null };
  const cols = columnsIn(inputs.fanOut, tile.cols, tileCol);
  return { pass, vector: Math.floor(rest / cols), column: tileCol * tile.cols + (rest % cols) };
}

/**
 * Vectors `from .. to` of tile `(tileRow, tileCol)`'s sequence, `R` codes each: rows `tileRow*R ..` of each
 * input vector (depthwise: of the patch of the column the position in the sequence names), zeros past fanIn.
 */
export function tileVectors(inputs: LayerInputs, tile: TileGeometry, tileRow: number, tileCol: number, from: number, to: number, actBits: number): Codes {
  const R = tile.rows;
  const out = codeArray(actBits, (to - from) * R);
  const i0 = tileRow * R;
  const width = Math.min(R, inputs.fanIn - i0);
  const n = perPass(inputs, tile, tileCol);
  const cols = columnsIn(inputs.fanOut, tile.cols, tileCol);
  for (let s = from; s < to; s++) {
    const part = s >= n ? inputs.negative! : inputs.positive;
    const rest = s >= n ? s - n : s;
    // Start of the source vector: an im2col row, or the patch of one column at one position.
    const src = inputs.layout === "rows" ? rest * inputs.fanIn : (Math.floor(rest / cols) * inputs.fanOut + tileCol * tile.cols + (rest % cols)) * inputs.fanIn;
    out.set(part.subarray(src + i0, src + i0 + width), (s - from) * R);
  }
  return out;
}

/**
 * The units of one layer: every tile of the grid, its sequence cut into `parts` contiguous pieces (more than
 * one when the layer has fewer tiles than there are simulators, so they all get work).
 */
export function layerUnits(layer: number, q: QuantizedMatrix, inputs: LayerInputs, tile: TileGeometry, actBits: number, parts: number): TileUnit[] {
  const { tileRows, tileCols } = tileGrid(q.rows, q.cols, tile.rows, tile.cols);
  const units: TileUnit[] = [];
  for (let tr = 0; tr < tileRows; tr++) {
    for (let tc = 0; tc < tileCols; tc++) {
      const codes = extractTile(q, tr, tc, tile.rows, tile.cols).codes;
      const total = sequenceLength(inputs, tile, tc);
      const size = Math.max(1, Math.ceil(total / Math.max(1, parts)));
      for (let from = 0; from < Math.max(total, 1); from += size) {
        const to = Math.min(total, from + size);
        units.push({ layer, tileRow: tr, tileCol: tc, codes, vectors: tileVectors(inputs, tile, tr, tc, from, to, actBits), count: to - from, first: from });
      }
    }
  }
  return units;
}

/**
 * Adds a unit's tile outputs (`count x C`, as simulated) into the layer's integer outputs (`inputs.count x
 * fanOut`): the digital accumulation of the accelerator, row tiles summed, the negative pass subtracted, and
 * for a depthwise kernel only the column each patch belongs to.
 */
export function accumulateUnit(acc: Float64Array, unit: TileUnit, outputs: Float64Array, inputs: LayerInputs, tile: TileGeometry): void {
  const C = tile.cols;
  const fanOut = inputs.fanOut;
  const c0 = unit.tileCol * C;
  const cols = columnsIn(fanOut, C, unit.tileCol);
  const n = perPass(inputs, tile, unit.tileCol);
  for (let i = 0; i < unit.count; i++) {
    const s = unit.first + i;
    const sign = s >= n ? -1 : 1;
    const rest = s >= n ? s - n : s;
    const o = i * C;
    if (inputs.layout === "rows") {
      const base = rest * fanOut + c0;
      for (let j = 0; j < cols; j++) acc[base + j] += sign * outputs[o + j];
    } else {
      const jj = rest % cols;
      acc[Math.floor(rest / cols) * fanOut + c0 + jj] += sign * outputs[o + jj];
    }
  }
}
