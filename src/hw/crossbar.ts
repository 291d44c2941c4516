/**
 * Crossbar array: R x C single-bit cells and the bit-line accumulation of one physical crossbar.
 *
 * Cells are stored column-major, one register per column and chunk of up to 64 rows, because the bit-line
 * count of a column is a popcount of `column & drive` and 64-bit chunks keep that in native machine words in
 * simulation. Programmable crossbars hold registers (not reset, like ReRAM) written one row at a time: a row
 * write scatters bit j of `wr_data` into column j at row `wr_row`, which only costs logic on programming
 * cycles. Baked crossbars hold constants, so synthesis keeps only the columns and chunks that have set cells.
 *
 * Ports are per column (`count_<j>`) and per drive plane and row chunk (`drive_b<b>_r<lo>`, bit i = row
 * lo + i) rather than one flat vector: flat vectors of thousands of bits become wide concatenations that cost
 * simulation time every cycle. Output: `count_j = sum_b 2^b * popcount(column_j & plane_b)` over the
 * `dacBits` bit-planes of the row drive (rows outside the current OU group are already driven 0); each
 * plane's count is one call of the popcount function over the column's chunks (see popcount.ts).
 */
import { bitsFor } from "../sme/index.js";
import { defineGenerator, input, lit, mux, output, sumTree, uint, vec, type Expr, type HdlType, type Signal, type VecType, type Wire } from "../hdl/index.js";
import { POPCOUNT_CHUNK, popcount } from "./popcount.js";

/** Rows [lo, lo + width) of each column chunk. */
export function rowChunks(rows: number): { lo: number; width: number }[] {
  const out: { lo: number; width: number }[] = [];
  for (let lo = 0; lo < rows; lo += POPCOUNT_CHUNK) out.push({ lo, width: Math.min(POPCOUNT_CHUNK, rows - lo) });
  return out;
}

/** Width of one column's bit-line count: enough for R rows all driven with the largest DAC digit. */
export function countWidth(rows: number, dacBits: number): number {
  return bitsFor(rows * (2 ** dacBits - 1));
}

/** One value per row chunk, named `<name>_r<lo>` (bit i of chunk `lo` is row lo + i). */
export function rowChunkVec(rows: number): VecType<HdlType> {
  const chunks = rowChunks(rows);
  return vec((c) => uint(chunks[c].width), chunks.length, { suffix: (c) => `r${chunks[c].lo}` });
}

/** The row drive of a crossbar (input) or a DAC (output): `drive[b][c]` is bit-plane b of row chunk c. */
export function driveVec(rows: number, dacBits: number): VecType<VecType<HdlType>> {
  return vec(rowChunkVec(rows), dacBits, { suffix: (b) => `b${b}` });
}

/** The Verilog name of the drive port of plane b, row chunk starting at `lo`. */
export function drivePort(b: number, lo: number): string {
  return `drive_b${b}_r${lo}`;
}

/** The Verilog name of the one-hot row-select input of the row chunk starting at `lo`. */
export function rowSelectPort(lo: number): string {
  return `wr_sel_r${lo}`;
}

/** The bit-line count ports of a crossbar: `count[j]` for column j. */
function countVec(rows: number, cols: number, dacBits: number): VecType<HdlType> {
  return vec(uint(countWidth(rows, dacBits)), cols);
}

/** A chunk of a column's cells: a register, or the constant cells of a baked crossbar. */
type Cells = Expr | bigint;

/**
 * Sets every `count[j]` from each column chunk's cells; returns, per plane and chunk, whether any column
 * reads that drive chunk (a baked chunk without set cells does not).
 */
function bitLineCounts(drive: readonly (readonly Signal[])[], count: readonly Wire[], rows: number, cellChunk: (j: number, c: number) => Cells): boolean[][] {
  const chunks = rowChunks(rows);
  const cw = countWidth(rows, drive.length);
  const read = drive.map((plane) => plane.map(() => false));
  count.forEach((out, j) => {
    const terms: Expr[] = [];
    const column = chunks.map((_ch, c) => cellChunk(j, c));
    drive.forEach((plane, b) => {
      const driven: Expr[] = [];
      chunks.forEach((ch, c) => {
        const cells = column[c];
        if (cells === 0n) return; // a baked chunk without set cells contributes nothing
        read[b][c] = true;
        driven.push(typeof cells === "bigint" ? plane[c].and(lit(cells, uint(ch.width))) : plane[c].and(cells));
      });
      if (driven.length > 0) terms.push(popcount(driven).shl(b));
    });
    out.set(terms.length === 0 ? lit(0, uint(cw)) : fitTo(sumTree(terms), cw));
  });
  return read;
}

/** `e` as exactly `w` bits: the sum cannot exceed `w` bits by construction, so truncation loses nothing. */
function fitTo(e: Expr, w: number): Expr {
  return e.width === w ? e : e.width < w ? e.zext(w) : e.trunc(w);
}

/**
 * A crossbar whose cells are written one row at a time (programmable tiles): when `wr_en` is high, column j
 * takes bit j of `wr_data` at the row whose bit is set in the one-hot `wr_sel` chunk inputs (decoded once
 * per tile, shared by every crossbar).
 */
export const programmableCrossbar = defineGenerator(
  "sme_crossbar",
  (p: { readonly rows: number; readonly cols: number; readonly dacBits: number }) => ({
    clk: input(),
    wr_en: input(),
    wr_sel: input(rowChunkVec(p.rows)),
    wr_data: input(uint(p.cols)),
    drive: input(driveVec(p.rows, p.dacBits)),
    count: output(countVec(p.rows, p.cols, p.dacBits)),
  }),
  (m, io, p) => {
    const chunks = rowChunks(p.rows);
    const keep = io.wr_sel.map((sel, c) => m.wire(sel.not(), { name: `row_keep_r${chunks[c].lo}` }));
    const cells = m.reg(vec(rowChunkVec(p.rows), p.cols, { suffix: (j) => `c${j}` }), { name: "cells" });
    cells.forEach((column, j) => {
      const bit = io.wr_data.bit(j);
      column.forEach((col, c) => {
        m.when(io.wr_en, () => col.set(col.and(keep[c]).or(mux(bit, io.wr_sel[c], lit(0, uint(col.width))))));
      });
    });
    bitLineCounts(io.drive, io.count, p.rows, (j, c) => cells[j][c]);
  },
);

/**
 * A crossbar with constant cells (baked tiles). `columns[j]` is column j's cells as a hex string, bit r =
 * row r (the generator parameters are plain data, and hex keeps the emitted header readable).
 */
export const bakedCrossbar = defineGenerator(
  "sme_crossbar_baked",
  (p: { readonly rows: number; readonly cols: number; readonly dacBits: number; readonly columns: readonly string[] }) => ({
    drive: input(driveVec(p.rows, p.dacBits)),
    count: output(countVec(p.rows, p.cols, p.dacBits)),
  }),
  (_m, io, p) => {
    const chunks = rowChunks(p.rows);
    const values = p.columns.map((h) => BigInt(`0x${h}`));
    const read = bitLineCounts(io.drive, io.count, p.rows, (j, c) => (values[j] >> BigInt(chunks[c].lo)) & ((1n << BigInt(chunks[c].width)) - 1n));
    // Row chunks no cell uses are not read: declare it, so lint stays clean.
    io.drive.forEach((plane, b) => {
      plane.forEach((chunk, c) => {
        if (!read[b][c]) chunk.markUnused();
      });
    });
  },
);
